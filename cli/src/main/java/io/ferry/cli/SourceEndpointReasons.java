package io.ferry.cli;

/**
 * Why a DMS source-endpoint setting is not carried over, and what to set instead: the source is
 * Debezium's connector, configured by its own keys.
 */
final class SourceEndpointReasons {
    private SourceEndpointReasons() {}

    static String of(String setting) {
        return switch (setting) {
            case "SslMode" ->
                    "set Debezium's database.sslmode (PostgreSQL) or database.ssl.mode"
                            + " (MySQL/MariaDB) on the source";
            case "PostgreSQLSettings" ->
                    "DMS's PostgreSQL capture settings; Debezium's own keys stand for them"
                            + " (slot.name, publication.name, heartbeat.interval.ms,"
                            + " plugin.name=pgoutput)";
            case "MySQLSettings" ->
                    "DMS's MySQL capture settings; Debezium's own keys stand for them"
                            + " (database.server.id, binlog settings)";
            case "ExtraConnectionAttributes" ->
                    "DMS's attribute string; set the Debezium keys it stands for";
            case "CertificateArn", "SecretsManagerAccessRoleArn", "SecretsManagerSecretId" ->
                    "AWS-managed secrets and certificates; give Debezium the password through a"
                            + " config provider and its SSL keys";
            case "KmsKeyId", "ServiceAccessRoleArn", "Tags", "ResourceIdentifier" ->
                    "an AWS resource setting with no meaning on a Connect cluster";
            default -> "no Ferry or Debezium setting of that name";
        };
    }
}
