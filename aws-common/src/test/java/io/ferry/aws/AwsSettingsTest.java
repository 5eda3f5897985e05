package io.ferry.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class AwsSettingsTest {
    private static final ConfigDef DEF = AwsSettings.define(new ConfigDef(), "x.endpoint.url", "X");

    @Test
    void keysAreSecretsAndDefaultsAreAwsOwn() {
        assertEquals(ConfigDef.Type.PASSWORD, DEF.configKeys().get(AwsSettings.ACCESS_KEY).type);
        assertEquals(ConfigDef.Type.PASSWORD, DEF.configKeys().get(AwsSettings.SECRET_KEY).type);
        AwsSettings settings = AwsSettings.of(new AbstractConfig(DEF, Map.of()), "x.endpoint.url");
        assertEquals(new AwsSettings("us-east-1", "", null, null), settings);
        assertInstanceOf(DefaultCredentialsProvider.class, settings.credentials());
    }

    @Test
    void staticKeysAreUsedAndNeverPrinted() {
        AwsSettings settings =
                AwsSettings.of(
                        new AbstractConfig(
                                DEF,
                                Map.of(
                                        AwsSettings.REGION,
                                        "eu-west-3",
                                        "x.endpoint.url",
                                        "http://127.0.0.1:1",
                                        AwsSettings.ACCESS_KEY,
                                        "id",
                                        AwsSettings.SECRET_KEY,
                                        "s3cr3t")),
                        "x.endpoint.url");
        StaticCredentialsProvider provider =
                assertInstanceOf(StaticCredentialsProvider.class, settings.credentials());
        assertEquals("s3cr3t", provider.resolveCredentials().secretAccessKey());
        assertEquals("eu-west-3", settings.region());
        assertFalse(settings.toString().contains("s3cr3t"));
    }
}
