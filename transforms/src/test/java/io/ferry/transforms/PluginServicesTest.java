package io.ferry.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.PluginServices;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginServicesTest {
    @Test
    void everyTransformIsListedForServiceLoading() {
        assertEquals(Set.of(), PluginServices.unlisted());
    }
}
