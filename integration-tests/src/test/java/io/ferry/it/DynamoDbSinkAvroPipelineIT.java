package io.ferry.it;

import io.ferry.testing.Converters;

class DynamoDbSinkAvroPipelineIT extends DynamoDbSinkPipelineScenarios {
    @Override
    Converters converters() {
        return Converters.AVRO;
    }
}
