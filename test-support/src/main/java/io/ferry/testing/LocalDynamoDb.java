package io.ferry.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** AWS's DynamoDB Local in this JVM, in memory, serving HTTP on a free port. */
public final class LocalDynamoDb {
    // DynamoDB Local 2.x accepts only letters and digits in access keys.
    public static final String ACCESS_KEY = "ferryaccess";
    public static final String SECRET_KEY = "ferrysecret";
    public static final Region REGION = Region.US_EAST_1;

    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static LocalDynamoDb start() {
        int port = FreePorts.next();
        try {
            DynamoDBProxyServer server =
                    ServerRunner.createServerFromCommandLineArgs(
                            new String[] {
                                "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"
                            });
            server.start();
            return new LocalDynamoDb(server, port);
        } catch (Exception e) {
            throw new ServerUnavailableException("DynamoDB Local failed to start", e);
        }
    }

    void stop() throws Exception {
        server.stop();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client for tests; the caller closes it. */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }
}
