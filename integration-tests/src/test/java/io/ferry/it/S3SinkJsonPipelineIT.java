package io.ferry.it;

import io.ferry.testing.Converters;

class S3SinkJsonPipelineIT extends S3SinkPipelineScenarios {
    @Override
    Converters converters() {
        return Converters.JSON;
    }
}
