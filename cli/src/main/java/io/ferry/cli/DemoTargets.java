package io.ferry.cli;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The demo's AWS stand-ins in this JVM: an S3-compatible server (S3Proxy) that keeps each object as
 * a plain file under the demo directory, and AWS's DynamoDB Local. Both check signatures against
 * the demo's fixed keys; nothing reaches AWS.
 */
final class DemoTargets implements AutoCloseable {
    static final String BUCKET = "ferry-demo";
    static final String REGION = "us-east-1";
    // DynamoDB Local accepts only letters and digits in access keys.
    static final String ACCESS_KEY = "ferrydemo";
    static final String SECRET_KEY = "ferrydemosecret";

    private final S3Proxy s3;
    private final Server dynamoDb;
    private final int dynamoDbPort;
    private final Path s3Dir;

    private DemoTargets(S3Proxy s3, Path s3Dir, Server dynamoDb, int dynamoDbPort) {
        this.s3 = s3;
        this.s3Dir = s3Dir;
        this.dynamoDb = dynamoDb;
        this.dynamoDbPort = dynamoDbPort;
    }

    static DemoTargets start(Path dir) throws Exception {
        Path s3Dir = dir.resolve("s3");
        // The filesystem store serves each directory under its base as a bucket.
        Files.createDirectories(s3Dir.resolve(BUCKET));
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", s3Dir.toString());
        props.setProperty("jclouds.identity", ACCESS_KEY);
        props.setProperty("jclouds.credential", SECRET_KEY);
        S3Proxy s3 =
                S3Proxy.builder()
                        .blobStore(BlobStores.create("filesystem", props))
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        // The SDK's multipart uploads send headers S3Proxy does not implement.
                        .ignoreUnknownHeaders(true)
                        .stopTimeout(0)
                        .build();
        s3.start();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Server dynamoDb = dynamoDbOnLoopback(port);
        DemoTargets targets = new DemoTargets(s3, s3Dir, dynamoDb, port);
        targets.awaitS3();
        return targets;
    }

    /**
     * DynamoDB Local's own launcher listens on every interface; the demo's is built from its
     * handler on a loopback-only server, allowing no cross-origin requests (a web page the user
     * opens must not reach it); not launched by its command line, it sends no telemetry.
     */
    private static Server dynamoDbOnLoopback(int port) throws Exception {
        LocalDynamoDBServerHandler handler =
                new LocalDynamoDBServerHandler(
                        new LocalDynamoDBRequestHandler(0, true, null, false, false), "");
        Server server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server.setHandler(new DynamoDBProxyServer(port, handler).setUpHandler(handler));
        server.start();
        return server;
    }

    private void awaitS3() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STARTED".equals(s3.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("S3Proxy did not start");
            }
            Thread.sleep(50);
        }
    }

    URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3.getPort());
    }

    URI dynamoDbEndpoint() {
        return URI.create("http://127.0.0.1:" + dynamoDbPort);
    }

    /** Where the bucket's objects are, as files. */
    Path bucketDir() {
        return s3Dir.resolve(BUCKET);
    }

    /** The data files written so far (S3Proxy keeps its own metadata beside them). */
    long s3Files() throws IOException {
        try (Stream<Path> files = Files.walk(bucketDir())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(csv|parquet)(\\.gz)?"))
                    .count();
        }
    }

    /** Items in a DynamoDB table, counted with a paginated {@code Scan}. */
    long items(String table) {
        try (DynamoDbClient client =
                DynamoDbClient.builder()
                        .endpointOverride(dynamoDbEndpoint())
                        .region(Region.of(REGION))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                        .build()) {
            long count = 0;
            Map<String, AttributeValue> start = null;
            do {
                ScanResponse page =
                        client.scan(
                                ScanRequest.builder()
                                        .tableName(table)
                                        .select(Select.COUNT)
                                        .exclusiveStartKey(start)
                                        .build());
                count += page.count();
                start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            return count;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            dynamoDb.stop();
        } finally {
            s3.stop();
        }
    }
}
