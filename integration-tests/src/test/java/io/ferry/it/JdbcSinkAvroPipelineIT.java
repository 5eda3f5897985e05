package io.ferry.it;

import io.ferry.testing.Converters;

class JdbcSinkAvroPipelineIT extends JdbcSinkPipelineScenarios {
    @Override
    Converters converters() {
        return Converters.AVRO;
    }
}
