package io.ferry.sink.s3.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {
    @Test
    void bytesAreTheFilesUtf8BytesNotItsCharacters(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("LOAD00000001.csv");
        CsvFile file = new CsvFile(path, new CsvSettings(",", "\n", "", true, true), false);
        // Two, three and four bytes a character: é, €, and 😀 (a surrogate pair).
        for (String text : List.of("été", "12 €", "😀 ok", "plain")) {
            file.write(
                    new DmsRows.Row(
                            List.of("id", "name"),
                            Arrays.asList(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA),
                            Arrays.asList(1, text)));
        }
        long counted = file.bytes();
        file.close();
        assertEquals(Files.size(path), counted);
    }
}
