package io.ferry.sink.s3.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The bucket as the sink uses it: file uploads (multipart above 16 MiB by default), deletes of a
 * truncated table's files, and each partition's {@link PartitionState}, kept under {@code
 * [bucket.folder/]_ferry/}.
 */
public final class S3Files {
    private static final Logger LOG = LoggerFactory.getLogger(S3Files.class);

    private long saves;

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
            LOG.info("Uploaded s3://{}/{} ({} bytes)", bucket, key, size);
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
            LOG.info("Uploaded s3://{}/{} ({} bytes in {} parts)", bucket, key, size, parts.size());
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort); // the upload's own error is the one to report
            }
            throw e;
        }
    }

    /**
     * Deletes every object under {@code prefix} that {@code which} accepts, a listed page at a
     * time. A key S3 does not delete fails the call, naming it.
     */
    public void deleteAll(String prefix, Predicate<String> which) {
        for (ListObjectsV2Response page :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
            List<ObjectIdentifier> keys =
                    page.contents().stream()
                            .map(S3Object::key)
                            .filter(which)
                            .map(key -> ObjectIdentifier.builder().key(key).build())
                            .toList();
            if (keys.isEmpty()) {
                continue;
            }
            DeleteObjectsResponse response =
                    s3.deleteObjects(
                            b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                S3Error first = response.errors().get(0);
                throw new IllegalStateException(
                        "S3 did not delete "
                                + response.errors().size()
                                + " objects under "
                                + prefix
                                + ", "
                                + first.key()
                                + " among them: "
                                + first.code()
                                + " "
                                + first.message());
            }
        }
    }

    /**
     * The partition's saved state, empty when it has none. Without {@code s3:ListBucket} S3 answers
     * a missing key with 403, not 404: then a probe object of the sink's own tells a missing state
     * (the probe reads back) from a state the sink may not read (it does not), which fails.
     */
    public Optional<PartitionState> state(TopicPartition partition) {
        try {
            return read(stateKey(partition)).map(S3Files::parse);
        } catch (S3Exception e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            String probe = statePrefix + "_probe";
            try {
                s3.putObject(b -> b.bucket(bucket).key(probe), RequestBody.fromString("probe"));
                if (read(probe).isPresent()) {
                    return Optional.empty();
                }
            } catch (S3Exception denied) {
                e.addSuppressed(denied);
            }
            throw new IllegalStateException(
                    "Access denied reading "
                            + stateKey(partition)
                            + " in bucket "
                            + bucket
                            + ": the sink needs s3:GetObject and s3:PutObject on "
                            + statePrefix,
                    e);
        }
    }

    private Optional<Properties> read(String key) {
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key))) {
            Properties props = new Properties();
            props.load(in);
            return Optional.of(props);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PartitionState parse(Properties props) {
        return new PartitionState(
                Long.parseLong(props.getProperty("nextOffset")),
                Long.parseLong(props.getProperty("loadFiles")));
    }

    /** How many states were saved: each is S3 taking a file, or a truncate, in full. */
    public long saves() {
        return saves;
    }

    public void saveState(TopicPartition partition, PartitionState state) {
        Properties props = new Properties();
        props.setProperty("nextOffset", Long.toString(state.nextOffset()));
        props.setProperty("loadFiles", Long.toString(state.loadFiles()));
        // Written as it is read: Properties' own byte encoding, both ways.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            props.store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        s3.putObject(
                b -> b.bucket(bucket).key(stateKey(partition)),
                RequestBody.fromBytes(bytes.toByteArray()));
        saves++;
    }

    private String stateKey(TopicPartition partition) {
        return statePrefix + partition.topic() + "/" + partition.partition() + ".properties";
    }
}
