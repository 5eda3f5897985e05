package io.ferry.aws;

import java.net.URI;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS settings of a sink — region, endpoint override, credentials — and the client they build.
 * Each service names its own endpoint key ({@code s3.endpoint.url}, {@code dynamodb.endpoint.url});
 * the rest are shared. Failed calls are retried by the sink's {@code max.retries} and {@code
 * retry.backoff.ms}, on top of the SDK's own default retries.
 */
public record AwsSettings(String region, String endpoint, String accessKey, String secretKey) {
    public static final String REGION = "aws.region";
    public static final String ACCESS_KEY = "aws.access.key.id";
    public static final String SECRET_KEY = "aws.secret.access.key";
    public static final String DEFAULT_REGION = "us-east-1";

    /** Adds the settings to a sink's config, the endpoint under {@code endpointKey}. */
    public static ConfigDef define(ConfigDef def, String endpointKey, String service) {
        return def.define(
                        REGION,
                        Type.STRING,
                        DEFAULT_REGION,
                        Importance.MEDIUM,
                        "AWS region of the " + service + " resources written to.")
                .define(
                        endpointKey,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        service
                                + " endpoint override (a compatible server, a VPC endpoint); empty"
                                + " for AWS's.")
                .define(
                        ACCESS_KEY,
                        Type.PASSWORD,
                        null,
                        Importance.MEDIUM,
                        "Static access key id; unset, the AWS default credentials chain is used"
                                + " (environment, profile, container or instance role).")
                .define(
                        SECRET_KEY,
                        Type.PASSWORD,
                        null,
                        Importance.MEDIUM,
                        "Static secret access key, with aws.access.key.id. Never logged.");
    }

    /** The settings a config parsed with {@link #define} holds. */
    public static AwsSettings of(AbstractConfig config, String endpointKey) {
        return new AwsSettings(
                config.getString(REGION),
                config.getString(endpointKey),
                value(config.getPassword(ACCESS_KEY)),
                value(config.getPassword(SECRET_KEY)));
    }

    /** The static keys when set, else the default chain. */
    public AwsCredentialsProvider credentials() {
        return accessKey == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKey, secretKey));
    }

    /** Builds a service's client with these settings. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        // Chosen here, not by service loading, which a worker's classpath confuses.
        builder.httpClientBuilder(Apache5HttpClient.builder())
                .region(Region.of(region))
                .credentialsProvider(credentials());
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "AwsSettings[region=" + region + ", endpoint=" + endpoint + "]";
    }

    private static String value(Password password) {
        return password == null ? null : password.value();
    }
}
