package io.ferry.testing;

import java.net.URI;
import java.util.Properties;
import org.apache.kafka.test.TestUtils;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server in this JVM (S3Proxy, in-memory), with AWS signatures checked. Clients
 * reach it through an endpoint override and path-style access, as a Ferry user would reach MinIO.
 */
public final class LocalS3 {
    public static final String ACCESS_KEY = "ferry-access";
    public static final String SECRET_KEY = "ferry-secret";
    public static final Region REGION = Region.US_EAST_1;

    private final S3Proxy proxy;

    private LocalS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    static LocalS3 start() {
        Properties props = new Properties();
        props.setProperty("jclouds.identity", ACCESS_KEY);
        props.setProperty("jclouds.credential", SECRET_KEY);
        S3Proxy proxy =
                S3Proxy.builder()
                        .blobStore(BlobStores.create("transient", props))
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        // The SDK's multipart uploads send headers S3Proxy does not implement.
                        .ignoreUnknownHeaders(true)
                        .stopTimeout(0)
                        .build();
        try {
            proxy.start();
            TestUtils.waitForCondition(
                    () -> "STARTED".equals(proxy.getState()), 30_000, "S3Proxy did not start");
        } catch (Exception e) {
            throw new ServerUnavailableException("S3Proxy failed to start", e);
        }
        return new LocalS3(proxy);
    }

    void stop() throws Exception {
        proxy.stop();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** A client for tests; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }
}
