package io.ferry.sink.s3;

import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A new bucket on the local S3 server, the sink settings that write to it, and its data files. */
final class LocalBucket {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    final LocalS3 s3 = LocalServers.s3();
    final String name = "s3sink-" + BUCKETS.incrementAndGet() + "-" + System.nanoTime();

    LocalBucket() {
        s3.client().createBucket(b -> b.bucket(name));
    }

    /** The sink's settings for this bucket, folder {@code lake}. */
    Map<String, String> props() {
        return settings(name);
    }

    /** The sink's settings for a bucket of the local server, which may not exist. */
    static Map<String, String> settings(String bucket) {
        LocalS3 s3 = LocalServers.s3();
        Map<String, String> props = new HashMap<>();
        props.put("name", "s3-test");
        props.put(S3SinkConfig.BUCKET_NAME, bucket);
        props.put(S3SinkConfig.BUCKET_FOLDER, "lake");
        props.put(S3SinkConfig.ENDPOINT, s3.endpoint().toString());
        props.put(S3SinkConfig.PATH_STYLE, "true");
        props.put(S3SinkConfig.REGION, LocalS3.REGION.id());
        props.put(S3SinkConfig.ACCESS_KEY, LocalS3.ACCESS_KEY);
        props.put(S3SinkConfig.SECRET_KEY, LocalS3.SECRET_KEY);
        return props;
    }

    /** The data files' keys (not the sink's state), sorted. */
    List<String> keys() {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(name)).contents().stream()
                .map(S3Object::key)
                .filter(k -> !k.contains("/_ferry/"))
                .sorted()
                .toList();
    }
}
