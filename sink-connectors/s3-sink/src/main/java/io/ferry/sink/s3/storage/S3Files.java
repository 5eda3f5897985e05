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
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
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
    public Optional<SavedState> state(TopicPartition partition) {
        try {
            return read(stateKey(partition))
                    .map(read -> new SavedState(parse(read.props()), read.etag()));
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

    /**
     * Takes the partition over: its state saved again under the next claim, so that the task that
     * had it cannot save over it any more. Then a file the last owner announced and may have
     * uploaded is deleted: its records are written again, by this claim, under this claim's names.
     * Only then — deleted before the claim is saved, the file could be counted meanwhile by the
     * last owner's save, which the claim would then build on. Two tasks claiming at once are told
     * apart by S3: the loser reads again and claims after the winner; the one that loses a later
     * save claims again at its next {@code put} if Connect still gives it the partition.
     *
     * @throws IllegalStateException the bucket does not honour conditional writes
     */
    public SavedState claim(TopicPartition partition) {
        checkConditionalWrites();
        ClaimLostException raced = null;
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            SavedState saved = state(partition).orElse(SavedState.NONE);
            SavedState claimed;
            try {
                claimed = save(partition, saved, saved.state().claimed());
            } catch (ClaimLostException e) {
                raced = e;
                continue;
            }
            String orphan = claimed.state().uploading();
            if (!orphan.isEmpty()) {
                delete(orphan);
                LOG.info(
                        "Deleted s3://{}/{}: announced by the last owner, never counted",
                        bucket,
                        orphan);
            }
            return claimed;
        }
        throw raced;
    }

    /**
     * The fence holds only where S3 refuses a write whose {@code If-Match} names another ETag, and
     * takes one that names the ETag its last write returned: checked once, on a probe object of the
     * sink's own, before the first claim. A store that ignores the condition (or refuses it, 501)
     * would let two owners of a partition delete each other's files.
     */
    private void checkConditionalWrites() {
        if (conditionalWrites) {
            return;
        }
        // This task's own probe (deleted after): tasks starting together must not race on one.
        String probe = statePrefix + "_conditional-probe-" + UUID.randomUUID();
        String etag =
                s3.putObject(
                                b -> b.bucket(bucket).key(probe).overrideConfiguration(ONCE),
                                RequestBody.fromString(UUID.randomUUID().toString()))
                        .eTag();
        boolean refusesOthers = refused(probe, "\"0f343b0931126a20f133d67c2b018a3b\"");
        boolean takesItsOwn = etag != null && !refused(probe, etag);
        if (!refusesOthers || !takesItsOwn) {
            throw new IllegalStateException(
                    "Bucket "
                            + bucket
                            + " does not honour S3's conditional writes (If-Match on PutObject"
                            + (refusesOthers ? ", with the ETag a write returned" : "")
                            + "): the S3 sink needs them to keep two tasks from writing one"
                            + " partition's files at once (Amazon S3, MinIO and S3Proxy 4 have"
                            + " them)");
        }
        delete(probe);
        conditionalWrites = true;
    }

    /** Whether S3 refuses a write of {@code key} conditional on {@code etag}. */
    private boolean refused(String key, String etag) {
        try {
            s3.putObject(
                    b -> b.bucket(bucket).key(key).ifMatch(etag).overrideConfiguration(ONCE),
                    RequestBody.fromString(UUID.randomUUID().toString()));
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return true;
            }
            if (e.statusCode() == 501) {
                return false; // not implemented: no condition honoured
            }
            throw e;
        }
    }

    /**
     * Conditional writes go once: a retry of a save S3 applied (its answer lost) would be refused
     * and taken for a lost claim. A write whose answer is lost fails as the environment's error.
     */
    private static final AwsRequestOverrideConfiguration ONCE =
            AwsRequestOverrideConfiguration.builder()
                    .addPlugin(
                            config ->
                                    config.overrideConfiguration(
                                            config.overrideConfiguration().toBuilder()
                                                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                                                    .build()))
                    .build();

    private boolean conditionalWrites;

    private static final int CLAIM_ATTEMPTS = 10;

    /** Deletes one object, whether it exists or not. */
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** An object read as properties, with its ETag. */
    private record Read(Properties props, String etag) {}

    private Optional<Read> read(String key) {
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key))) {
            Properties props = new Properties();
            props.load(in);
            return Optional.of(new Read(props, in.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * States saved before claims existed read as claim 0, nothing being uploaded; before names were
     * kept in order, as no CDC file named.
     */
    private static PartitionState parse(Properties props) {
        return new PartitionState(
                Long.parseLong(props.getProperty("nextOffset")),
                Long.parseLong(props.getProperty("loadFiles")),
                Long.parseLong(props.getProperty("claim", "0")),
                props.getProperty("uploading", ""),
                Long.parseLong(props.getProperty("namedUpTo", "0")));
    }

    /**
     * How many states were saved (claims, announcements, files and truncates): S3 answering, which
     * ends a run of failed attempts.
     */
    public long saves() {
        return saves;
    }

    /**
     * Saves {@code next} over {@code current}, only if S3 still holds {@code current} (by its ETag;
     * without one, only if S3 holds no state).
     *
     * @throws ClaimLostException S3 holds another state: another task claimed the partition
     */
    public SavedState save(TopicPartition partition, SavedState current, PartitionState next) {
        Properties props = new Properties();
        props.setProperty("nextOffset", Long.toString(next.nextOffset()));
        props.setProperty("loadFiles", Long.toString(next.loadFiles()));
        props.setProperty("claim", Long.toString(next.claim()));
        props.setProperty("uploading", next.uploading());
        props.setProperty("namedUpTo", Long.toString(next.namedUpTo()));
        // Written as it is read: Properties' own byte encoding, both ways.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            props.store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        String key = stateKey(partition);
        PutObjectResponse response;
        try {
            response =
                    s3.putObject(
                            b -> {
                                b.bucket(bucket).key(key).overrideConfiguration(ONCE);
                                if (current.etag() == null) {
                                    b.ifNoneMatch("*");
                                } else {
                                    b.ifMatch(current.etag());
                                }
                            },
                            RequestBody.fromBytes(bytes.toByteArray()));
        } catch (S3Exception e) {
            // 412: the precondition failed; 409: another write of the key raced this one.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new ClaimLostException(partition, e);
            }
            throw e;
        }
        saves++;
        return new SavedState(next, response.eTag());
    }

    private String stateKey(TopicPartition partition) {
        return statePrefix + partition.topic() + "/" + partition.partition() + ".properties";
    }
}
