package io.ferry.it;

import io.ferry.testing.Converters;

class TableMappingAvroPipelineIT extends TableMappingPipelineScenarios {
    @Override
    Converters converters() {
        return Converters.AVRO;
    }
}
