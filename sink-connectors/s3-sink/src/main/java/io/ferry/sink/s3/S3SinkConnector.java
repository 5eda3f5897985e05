package io.ferry.sink.s3;

import io.ferry.common.PluginVersion;
import io.ferry.common.SinkTasks;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Writes change events to S3 in DMS's data-lake layout. Tasks share the settings; Kafka spreads
 * partitions over them, and each partition's files are its own.
 */
public final class S3SinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new S3SinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        String conflict =
                S3SinkConfig.conflict(
                        Boolean.parseBoolean(connectorConfigs.get(S3SinkConfig.INSERTS_ONLY)),
                        Boolean.parseBoolean(
                                connectorConfigs.get(S3SinkConfig.INSERTS_AND_UPDATES)));
        addError(config, S3SinkConfig.INSERTS_AND_UPDATES, conflict);
        String format = connectorConfigs.getOrDefault(S3SinkConfig.DATA_FORMAT, "csv");
        addError(
                config,
                S3SinkConfig.COMPRESSION,
                S3SinkConfig.codecProblem(
                        format, connectorConfigs.getOrDefault(S3SinkConfig.COMPRESSION, "NONE")));
        addError(
                config,
                S3SinkConfig.USE_CSV_NO_SUP_VALUE,
                S3SinkConfig.noSupProblem(
                        Boolean.parseBoolean(
                                connectorConfigs.get(S3SinkConfig.USE_CSV_NO_SUP_VALUE)),
                        format,
                        connectorConfigs.get(S3SinkConfig.CSV_NO_SUP_VALUE)));
        // Last: the bucket check builds the config, which every error above would throw from.
        if (config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            addError(config, S3SinkConfig.BUCKET_NAME, bucketProblem(connectorConfigs));
        }
        return config;
    }

    /** Why the bucket cannot be written to, or null: the check a user wants before starting. */
    private static String bucketProblem(Map<String, String> props) {
        S3SinkConfig config = new S3SinkConfig(props);
        try (S3Client s3 = S3SinkTask.client(config)) {
            s3.headBucket(b -> b.bucket(config.bucket()));
            return null;
        } catch (NoSuchBucketException e) {
            return "bucket " + config.bucket() + " does not exist";
        } catch (SdkException e) {
            return "bucket " + config.bucket() + " cannot be reached: " + e.getMessage();
        }
    }

    private static void addError(Config config, String key, String error) {
        if (error == null) {
            return;
        }
        for (ConfigValue value : config.configValues()) {
            if (value.name().equals(key)) {
                value.addErrorMessage(error);
            }
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3SinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return SinkTasks.copies(props, maxTasks);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return S3SinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(S3SinkConnector.class);
    }
}
