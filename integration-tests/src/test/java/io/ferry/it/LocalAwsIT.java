package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.LocalServers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/** The local S3 and DynamoDB servers answer AWS SDK v2 clients through endpoint overrides. */
class LocalAwsIT {
    @Test
    void putsAndReadsBackAnS3Object() {
        try (S3Client s3 = LocalServers.s3().client()) {
            s3.createBucket(b -> b.bucket("ferry-lake"));
            String key = "dms/public/customers/LOAD00000001.csv";
            s3.putObject(
                    b -> b.bucket("ferry-lake").key(key),
                    RequestBody.fromString("I,1,Ada\n", StandardCharsets.UTF_8));

            String body = s3.getObjectAsBytes(b -> b.bucket("ferry-lake").key(key)).asUtf8String();
            int listed = s3.listObjectsV2(b -> b.bucket("ferry-lake").prefix("dms/")).keyCount();

            assertEquals("I,1,Ada\n", body);
            assertEquals(1, listed);
        }
    }

    @Test
    void putsAndReadsBackADynamoDbItem() {
        try (DynamoDbClient dynamo = LocalServers.dynamoDb().client()) {
            dynamo.createTable(
                    b ->
                            b.tableName("customers")
                                    .billingMode(BillingMode.PAY_PER_REQUEST)
                                    .keySchema(
                                            KeySchemaElement.builder()
                                                    .attributeName("id")
                                                    .keyType(KeyType.HASH)
                                                    .build())
                                    .attributeDefinitions(
                                            AttributeDefinition.builder()
                                                    .attributeName("id")
                                                    .attributeType(ScalarAttributeType.N)
                                                    .build()));
            Map<String, AttributeValue> item =
                    Map.of(
                            "id", AttributeValue.fromN("1"),
                            "name", AttributeValue.fromS("Ada"));
            dynamo.putItem(b -> b.tableName("customers").item(item));

            Map<String, AttributeValue> read =
                    dynamo.getItem(
                                    b ->
                                            b.tableName("customers")
                                                    .key(Map.of("id", AttributeValue.fromN("1")))
                                                    .consistentRead(true))
                            .item();

            assertEquals(item, read);
        }
    }
}
