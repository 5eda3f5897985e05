package io.ferry.it;

import io.ferry.testing.Converters;

class S3SinkAvroPipelineIT extends S3SinkPipelineScenarios {
    @Override
    Converters converters() {
        return Converters.AVRO;
    }
}
