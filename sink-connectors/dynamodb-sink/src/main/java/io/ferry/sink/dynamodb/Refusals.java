package io.ferry.sink.dynamodb;

import java.util.function.BiConsumer;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Which DynamoDB errors belong to one item — and where such an item goes. DynamoDB refuses a whole
 * {@code BatchWriteItem} with a {@code ValidationException} when one item is invalid (over 400 KB,
 * an empty string key, a key of the wrong type): that item is a bad record, to be isolated and
 * rejected. Throttling, access and service errors are the environment's and fail the write.
 */
final class Refusals {
    /** Stops the task: for writes whose records may not be skipped (the prep mode's deletes). */
    static final BiConsumer<SinkRecord, RuntimeException> NONE =
            (record, error) -> {
                throw error;
            };

    private Refusals() {}

    static boolean isItemError(RuntimeException error) {
        return error instanceof DynamoDbException dynamo
                && dynamo.statusCode() == 400
                && dynamo.awsErrorDetails() != null
                && "ValidationException".equals(dynamo.awsErrorDetails().errorCode());
    }
}
