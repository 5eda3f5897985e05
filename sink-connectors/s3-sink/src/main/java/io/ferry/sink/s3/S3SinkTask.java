package io.ferry.sink.s3;

import io.ferry.common.PluginVersion;
import io.ferry.common.RetryBudget;
import io.ferry.common.SinkTasks;
import io.ferry.sink.s3.storage.PartitionState;
import io.ferry.sink.s3.storage.S3Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * One writer per assigned partition. On assignment each partition resumes from the state it saved
 * in S3 (the offset after its last uploaded file); Kafka's committed offsets follow that state, so
 * a record is in exactly one uploaded file whatever stops the task.
 */
public final class S3SinkTask extends SinkTask {
    private final Map<TopicPartition, PartitionWriter> writers = new HashMap<>();
    private final Clock clock;
    private final Function<S3SinkConfig, S3Client> clients;
    private S3SinkConfig config;
    private S3Client s3;
    private S3Files files;
    private Path workDir;
    private RetryBudget retries;
    private boolean paused;

    public S3SinkTask() {
        this(Clock.systemUTC());
    }

    /** With a clock of the test's choosing, for rotation by interval. */
    S3SinkTask(Clock clock) {
        this(clock, S3SinkTask::client);
    }

    /** And a client of the test's choosing, to inject faults S3 itself does not produce. */
    S3SinkTask(Clock clock, Function<S3SinkConfig, S3Client> clients) {
        this.clock = clock;
        this.clients = clients;
    }

    @Override
    public String version() {
        return PluginVersion.of(S3SinkTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        config = new S3SinkConfig(props);
        s3 = clients.apply(config);
        files = new S3Files(s3, config.bucket(), config.bucketFolder(), config.connectorName());
        retries = new RetryBudget(config.maxRetries(), config.retryBackoffMs(), clock::millis);
        try {
            workDir = Files.createTempDirectory("ferry-s3-sink");
        } catch (IOException e) {
            throw new ConnectException("Cannot create a local work directory", e);
        }
    }

    /** Where files are written before upload; removed by {@link #stop()}. */
    Path workDir() {
        return workDir;
    }

    static S3Client client(S3SinkConfig config) {
        S3ClientBuilder builder =
                S3Client.builder()
                        // Chosen here, not by service loading, which a worker's classpath confuses.
                        .httpClientBuilder(Apache5HttpClient.builder())
                        .region(Region.of(config.region()))
                        .forcePathStyle(config.pathStyle());
        if (!config.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        builder.credentialsProvider(
                config.accessKey() == null
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        config.accessKey(), config.secretKey())));
        return builder.build();
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> seek = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionState state = files.state(partition).orElse(PartitionState.NEW);
            if (state.nextOffset() > 0) {
                seek.put(partition, state.nextOffset());
            }
            writers.put(
                    partition,
                    new PartitionWriter(
                            partition, config, files, state, workDir, clock, this::reject));
        }
        if (!seek.isEmpty()) {
            context.offset(seek);
        }
    }

    /** A record that cannot be written: to the DLQ when tolerated, else the task stops. */
    private void reject(SinkRecord record, RuntimeException error) {
        SinkTasks.reject(context, config.toleratesErrors(), record, error);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (!retries.due()) {
            return; // paused and rewound after a failure: what came meanwhile comes again
        }
        if (paused) {
            context.resume(writers.keySet().toArray(new TopicPartition[0]));
            paused = false;
        }
        long saves = files.saves();
        try {
            for (SinkRecord record : records) {
                TopicPartition partition =
                        new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
                PartitionWriter writer = writers.get(partition);
                if (writer != null) {
                    writer.write(record);
                }
            }
            for (PartitionWriter writer : writers.values()) {
                writer.uploadIfDue();
            }
        } catch (IOException | SdkException | UncheckedIOException e) {
            startOver(e);
            return;
        } catch (RuntimeException e) {
            throw new ConnectException("Writing to S3 failed: " + e.getMessage(), e);
        }
        if (files.saves() > saves) {
            retries.succeeded();
        }
    }

    /**
     * S3 or the network failed: an environment error, retried until max.retries. The files not
     * uploaded are dropped and every partition is rewound to its saved state and paused until the
     * backoff is over, so Kafka delivers their records again; a redelivery of this batch alone
     * would leave out the earlier records those files held.
     */
    private void startOver(Exception error) {
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionWriter> entry : writers.entrySet()) {
            try {
                entry.getValue().discard();
            } catch (IOException e) {
                error.addSuppressed(e);
            }
            rewind.put(entry.getKey(), entry.getValue().nextOffset());
        }
        context.offset(rewind);
        context.pause(writers.keySet().toArray(new TopicPartition[0]));
        paused = true;
        ConnectException next = retries.failed("Writing to S3", error, context);
        if (!(next instanceof RetriableException)) {
            throw next;
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(
            Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        if (retries.due()) {
            long saves = files.saves();
            try {
                for (PartitionWriter writer : writers.values()) {
                    writer.uploadIfDue();
                }
                if (files.saves() > saves) {
                    retries.succeeded();
                }
            } catch (IOException | SdkException | UncheckedIOException e) {
                startOver(e);
            } catch (RuntimeException e) {
                throw new ConnectException("Writing to S3 failed: " + e.getMessage(), e);
            }
        }
        // What S3 holds: the saved states.
        for (Map.Entry<TopicPartition, PartitionWriter> entry : writers.entrySet()) {
            if (entry.getValue().nextOffset() > 0) {
                committed.put(entry.getKey(), new OffsetAndMetadata(entry.getValue().nextOffset()));
            }
        }
        return committed;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            PartitionWriter writer = writers.remove(partition);
            if (writer != null) {
                try {
                    writer.discard();
                } catch (IOException e) {
                    throw new ConnectException(e);
                }
            }
        }
    }

    @Override
    public void stop() {
        try {
            close(List.copyOf(writers.keySet()));
        } finally {
            if (s3 != null) {
                s3.close();
            }
            deleteWorkDir();
        }
    }

    private void deleteWorkDir() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new ConnectException("Cannot remove the work directory " + workDir, e);
        }
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {}
}
