package io.ferry.it;

import io.ferry.testing.Converters;

class JdbcSinkJsonPipelineIT extends JdbcSinkPipelineScenarios {
    @Override
    Converters converters() {
        return Converters.JSON;
    }
}
