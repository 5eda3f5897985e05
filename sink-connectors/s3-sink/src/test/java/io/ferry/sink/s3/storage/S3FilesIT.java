package io.ferry.sink.s3.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.sink.s3.FaultyS3;
import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Uploads and partition state against a real S3 server. */
@SuppressWarnings("unchecked") // the proxy rebuilds the SDK's request consumers
class S3FilesIT {
    @TempDir Path dir;

    @Test
    void largeFilesGoUpInPartsAndArriveWhole() throws Exception {
        LocalS3 s3 = LocalServers.s3();
        S3Client client = s3.client();
        String bucket = "parts-" + System.nanoTime();
        client.createBucket(b -> b.bucket(bucket));
        byte[] data = new byte[12 * 1024 * 1024 + 123];
        new Random(1).nextBytes(data);
        Path file = dir.resolve("big");
        Files.write(file, data);
        new S3Files(client, bucket, "", "c", 5 * 1024 * 1024).upload("big.csv", file);
        assertArrayEquals(
                data, client.getObjectAsBytes(b -> b.bucket(bucket).key("big.csv")).asByteArray());
    }

    @Test
    void stateRoundTripsAndIsAbsentAtFirst() {
        S3Client client = LocalServers.s3().client();
        String bucket = "state-" + System.nanoTime();
        client.createBucket(b -> b.bucket(bucket));
        S3Files files = new S3Files(client, bucket, "lake", "conn");
        TopicPartition partition = new TopicPartition("t", 3);
        assertEquals(java.util.Optional.empty(), files.state(partition));
        PartitionState state = new PartitionState(42, 3, 2, "lake/t/x.csv");
        SavedState saved = files.save(partition, SavedState.NONE, state);
        assertEquals(java.util.Optional.of(saved), files.state(partition));
        assertEquals(state, saved.state());
    }

    /** Without s3:ListBucket, S3 answers a missing key with 403: that is a first start. */
    @Test
    void aMissingStateAnsweredWith403IsAFirstStart() {
        S3Client real = LocalServers.s3().client();
        String bucket = "nolist-" + System.nanoTime();
        real.createBucket(b -> b.bucket(bucket));
        S3Client noList =
                FaultyS3.wrap(
                        real,
                        (operation, key) -> {
                            boolean exists =
                                    !real.listObjectsV2(b -> b.bucket(bucket).prefix(key))
                                            .contents()
                                            .isEmpty();
                            if (operation.equals("getObject") && !exists) {
                                throw FaultyS3.accessDenied(key);
                            }
                        });
        S3Files files = new S3Files(noList, bucket, "", "conn");
        TopicPartition partition = new TopicPartition("t", 0);
        assertEquals(Optional.empty(), files.state(partition));
        files.save(partition, SavedState.NONE, new PartitionState(7, 1, 1, ""));
        assertEquals(new PartitionState(7, 1, 1, ""), files.state(partition).orElseThrow().state());
    }

    /**
     * Without s3:GetObject the state cannot be told from a first start: the task must not go on.
     */
    @Test
    void aStateTheSinkMayNotReadFailsNamingThePermission() {
        S3Client real = LocalServers.s3().client();
        String bucket = "noget-" + System.nanoTime();
        real.createBucket(b -> b.bucket(bucket));
        S3Client noGet =
                FaultyS3.wrap(
                        real,
                        (operation, key) -> {
                            if (operation.equals("getObject")) {
                                throw FaultyS3.accessDenied(key);
                            }
                        });
        S3Files files = new S3Files(noGet, bucket, "lake", "conn");
        TopicPartition partition = new TopicPartition("t", 0);
        files.save(partition, SavedState.NONE, new PartitionState(7, 1, 1, ""));
        IllegalStateException error =
                assertThrows(IllegalStateException.class, () -> files.state(partition));
        assertTrue(error.getMessage().contains("s3:GetObject"), error.getMessage());
    }

    /** A failed multipart upload reports its own error, not the abort's that followed. */
    @Test
    void aFailedAbortDoesNotHideTheUploadsError() throws Exception {
        S3Client real = LocalServers.s3().client();
        String bucket = "abort-" + System.nanoTime();
        real.createBucket(b -> b.bucket(bucket));
        S3Client failing =
                FaultyS3.wrap(
                        real,
                        (operation, key) -> {
                            if (operation.equals("uploadPart")) {
                                throw SdkClientException.create("connection reset in part upload");
                            }
                            if (operation.equals("abortMultipartUpload")) {
                                throw SdkClientException.create("abort failed too");
                            }
                        });
        Path file = dir.resolve("big");
        Files.write(file, new byte[6 * 1024 * 1024]);
        S3Files files = new S3Files(failing, bucket, "", "c", 5 * 1024 * 1024);
        SdkClientException error =
                assertThrows(SdkClientException.class, () -> files.upload("big.csv", file));
        assertEquals("connection reset in part upload", error.getMessage());
        assertEquals("abort failed too", error.getSuppressed()[0].getMessage());
    }

    /**
     * A claim raises the claim number and deletes the file the last owner announced; the last
     * owner's next save then fails, naming the partition, and leaves the claim in place.
     */
    @Test
    void aClaimFencesTheLastOwnerAndDeletesTheFileItAnnounced() {
        S3Client client = LocalServers.s3().client();
        String bucket = "claim-" + System.nanoTime();
        client.createBucket(b -> b.bucket(bucket));
        S3Files files = new S3Files(client, bucket, "", "conn");
        TopicPartition partition = new TopicPartition("t", 0);
        SavedState first = files.claim(partition);
        assertEquals(new PartitionState(0, 0, 1, ""), first.state());
        client.putObject(b -> b.bucket(bucket).key("s/t/x.csv"), RequestBody.fromString("rows"));
        SavedState announced = files.save(partition, first, first.state().uploading("s/t/x.csv"));

        SavedState second = files.claim(partition);
        // Still announced in the claim: were the delete lost, the next claim deletes it again.
        assertEquals(new PartitionState(0, 0, 2, "s/t/x.csv"), second.state());
        assertTrue(
                client.listObjectsV2(b -> b.bucket(bucket).prefix("s/")).contents().isEmpty(),
                "the announced file is deleted");
        ClaimLostException lost =
                assertThrows(
                        ClaimLostException.class,
                        () -> files.save(partition, announced, announced.state().after(5, 0)));
        assertEquals(partition, lost.partition());
        assertEquals(second, files.state(partition).orElseThrow());
        // A first save finds a state another task saved first: that is a lost claim too.
        assertThrows(
                ClaimLostException.class,
                () -> files.save(partition, SavedState.NONE, PartitionState.NEW));
    }

    /** States saved before claims existed read as claim 0, nothing being uploaded. */
    @Test
    void aStateOfAnEarlierVersionReadsAsClaimZero() {
        S3Client client = LocalServers.s3().client();
        String bucket = "old-" + System.nanoTime();
        client.createBucket(b -> b.bucket(bucket));
        client.putObject(
                b -> b.bucket(bucket).key("_ferry/conn/t/0.properties"),
                RequestBody.fromString("#old\nnextOffset=42\nloadFiles=3\n"));
        S3Files files = new S3Files(client, bucket, "", "conn");
        TopicPartition partition = new TopicPartition("t", 0);
        assertEquals(
                new PartitionState(42, 3, 0, ""), files.state(partition).orElseThrow().state());
        assertEquals(new PartitionState(42, 3, 1, ""), files.claim(partition).state());
    }

    /**
     * The last owner counts its announced file just as another task claims the partition: the
     * claim, refused, reads again and builds on the count — and deletes nothing (deleting before
     * its own save, it would have deleted a counted file).
     */
    @Test
    void aClaimDeletesNoFileTheLastOwnerCountedMeanwhile() {
        S3Client client = LocalServers.s3().client();
        String bucket = "race-" + System.nanoTime();
        client.createBucket(b -> b.bucket(bucket));
        TopicPartition partition = new TopicPartition("t", 0);
        S3Files owner = new S3Files(client, bucket, "", "conn");
        SavedState first = owner.claim(partition);
        SavedState announced = owner.save(partition, first, first.state().uploading("s/t/k.csv"));
        client.putObject(b -> b.bucket(bucket).key("s/t/k.csv"), RequestBody.fromString("rows"));
        AtomicBoolean counted = new AtomicBoolean();
        S3Client racing =
                FaultyS3.wrap(
                        client,
                        (operation, key) -> {
                            if (operation.equals("putObject")
                                    && key.endsWith("/0.properties")
                                    && !counted.getAndSet(true)) {
                                owner.save(partition, announced, announced.state().after(10, 0));
                            }
                        });
        SavedState claimed = new S3Files(racing, bucket, "", "conn").claim(partition);
        assertEquals(new PartitionState(10, 0, 2, ""), claimed.state());
        assertEquals(
                "rows",
                client.getObjectAsBytes(b -> b.bucket(bucket).key("s/t/k.csv")).asUtf8String());
    }

    /** A store that ignores If-Match gives no fence: refused at the first claim, named. */
    @Test
    void aBucketThatIgnoresConditionalWritesIsRefusedAtTheFirstClaim() {
        S3Client real = LocalServers.s3().client();
        String bucket = "nocond-" + System.nanoTime();
        real.createBucket(b -> b.bucket(bucket));
        S3Client ignoring =
                (S3Client)
                        Proxy.newProxyInstance(
                                S3Client.class.getClassLoader(),
                                new Class<?>[] {S3Client.class},
                                (proxy, method, args) -> {
                                    if (method.getName().equals("putObject")
                                            && args[0] instanceof Consumer<?> consumer) {
                                        PutObjectRequest.Builder b = PutObjectRequest.builder();
                                        ((Consumer<PutObjectRequest.Builder>) consumer).accept(b);
                                        PutObjectRequest unconditional =
                                                b.ifMatch(null).ifNoneMatch(null).build();
                                        return real.putObject(unconditional, (RequestBody) args[1]);
                                    }
                                    try {
                                        return method.invoke(real, args);
                                    } catch (InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
        S3Files files = new S3Files(ignoring, bucket, "", "conn");
        IllegalStateException error =
                assertThrows(
                        IllegalStateException.class, () -> files.claim(new TopicPartition("t", 0)));
        assertTrue(error.getMessage().contains("conditional writes"), error.getMessage());
    }

    /**
     * Tasks of one connector start together: their checks of the bucket must not trip each other.
     */
    @Test
    void tasksCheckingTheBucketTogetherDoNotTripEachOther() {
        S3Client client = LocalServers.s3().client();
        String bucket = "together-" + System.nanoTime();
        client.createBucket(b -> b.bucket(bucket));
        S3Files other = new S3Files(client, bucket, "", "conn");
        AtomicInteger probes = new AtomicInteger();
        S3Client racing =
                FaultyS3.wrap(
                        client,
                        (operation, key) -> {
                            if (operation.equals("putObject")
                                    && key.contains("_conditional-probe")
                                    && probes.incrementAndGet() == 2) {
                                other.claim(new TopicPartition("t", 1)); // checks meanwhile
                            }
                        });
        SavedState claimed =
                new S3Files(racing, bucket, "", "conn").claim(new TopicPartition("t", 0));
        assertEquals(1, claimed.state().claim());
        assertTrue(
                client.listObjectsV2(b -> b.bucket(bucket).prefix("_ferry/conn/_conditional"))
                        .contents()
                        .isEmpty(),
                "the probes are deleted");
    }
}
