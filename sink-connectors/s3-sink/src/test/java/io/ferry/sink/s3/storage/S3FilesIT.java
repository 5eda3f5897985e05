package io.ferry.sink.s3.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Uploads and partition state against a real S3 server. */
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
        PartitionState state = new PartitionState(42, 3, "lake/s/t/20240101-000000000.csv");
        files.saveState(partition, state);
        assertEquals(java.util.Optional.of(state), files.state(partition));
    }
}
