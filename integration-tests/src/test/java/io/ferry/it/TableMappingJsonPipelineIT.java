package io.ferry.it;

import io.ferry.testing.Converters;

class TableMappingJsonPipelineIT extends TableMappingPipelineScenarios {
    @Override
    Converters converters() {
        return Converters.JSON;
    }
}
