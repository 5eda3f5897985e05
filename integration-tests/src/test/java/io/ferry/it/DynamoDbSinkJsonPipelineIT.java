package io.ferry.it;

import io.ferry.testing.Converters;

class DynamoDbSinkJsonPipelineIT extends DynamoDbSinkPipelineScenarios {
    @Override
    Converters converters() {
        return Converters.JSON;
    }
}
