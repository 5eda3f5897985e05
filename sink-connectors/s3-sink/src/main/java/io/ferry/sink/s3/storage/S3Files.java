package io.ferry.sink.s3.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The bucket as the sink uses it: file uploads (multipart above 16 MiB by default) and each
 * partition's {@link PartitionState}, kept under {@code [bucket.folder/]_ferry/}.
 */
public final class S3Files {
    /** S3's minimum part size is 5 MiB; larger parts mean fewer requests. */
    static final int PART_SIZE = 16 << 20;

    private final int partSize;

    private final S3Client s3;
    private final String bucket;
    private final String statePrefix;

    public S3Files(S3Client s3, String bucket, String bucketFolder, String connector) {
        this(s3, bucket, bucketFolder, connector, PART_SIZE);
    }

    /** With another part size (at least S3's 5 MiB minimum), as tests use to upload in parts. */
    public S3Files(
            S3Client s3, String bucket, String bucketFolder, String connector, int partSize) {
        this.s3 = s3;
        this.partSize = partSize;
        this.bucket = bucket;
        String folder =
                bucketFolder.isEmpty() || bucketFolder.endsWith("/")
                        ? bucketFolder
                        : bucketFolder + "/";
        this.statePrefix = folder + "_ferry/" + connector + "/";
    }

    /** Uploads a local file to {@code key}, replacing any object there. */
    public void upload(String key, Path file) throws IOException {
        long size = Files.size(file);
        if (size <= partSize) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
            return;
        }
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[partSize];
            for (int number = 1; ; number++) {
                int read = in.readNBytes(buffer, 0, partSize);
                if (read == 0) {
                    break;
                }
                int part = number;
                UploadPartResponse response =
                        s3.uploadPart(
                                b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(part),
                                RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, read)));
                parts.add(CompletedPart.builder().partNumber(part).eTag(response.eTag()).build());
            }
            s3.completeMultipartUpload(
                    b ->
                            b.bucket(bucket)
                                    .key(key)
                                    .uploadId(upload)
                                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
            throw e;
        }
    }

    public Optional<PartitionState> state(TopicPartition partition) {
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(stateKey(partition)))) {
            Properties props = new Properties();
            props.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            return Optional.of(
                    new PartitionState(
                            Long.parseLong(props.getProperty("nextOffset")),
                            Long.parseLong(props.getProperty("loadFiles")),
                            props.getProperty("lastCdcName", "")));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void saveState(TopicPartition partition, PartitionState state) {
        String text =
                "nextOffset="
                        + state.nextOffset()
                        + "\nloadFiles="
                        + state.loadFiles()
                        + "\nlastCdcName="
                        + state.lastCdcName()
                        + "\n";
        s3.putObject(b -> b.bucket(bucket).key(stateKey(partition)), RequestBody.fromString(text));
    }

    private String stateKey(TopicPartition partition) {
        return statePrefix + partition.topic() + "/" + partition.partition() + ".properties";
    }
}
