package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.common.TargetTableFilter;
import io.ferry.dms.rules.ObjectMappingRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The seed walkthrough's {@code vaccine_drive_stats} object mapping (RDS for MySQL → DynamoDB), as
 * the example config carries it, on a 22-column row: the item has the six attributes the seed
 * shows, the excluded columns folded into JSON strings.
 */
class SeedMappingIT {
    private static final List<String> COLUMNS =
            List.of(
                    "user_id",
                    "area_code",
                    "patient_name",
                    "phone_num",
                    "date_of_birth",
                    "age",
                    "date_vacc1",
                    "date_vacc2",
                    "date_booster",
                    "fully_vaccinated",
                    "age_group",
                    "state",
                    "zipcode",
                    "gender",
                    "city",
                    "vaccine_type",
                    "vaccine_name",
                    "rural_or_urban",
                    "certificate_link",
                    "vaccinated_by",
                    "vaccinated_at",
                    "next_due_date");

    @Test
    void aTwentyTwoColumnRowBecomesTheSeedsSixAttributeItem() throws Exception {
        String example =
                Files.readString(
                        Path.of("..", "..", "config-examples", "mysql-to-dynamodb", "sink.json"));
        List<ObjectMappingRule> rules =
                DynamoDbSinkConfig.rules(
                        new ObjectMapper().readTree(example).get("table.mappings").asText());
        SchemaBuilder builder = SchemaBuilder.struct().optional();
        COLUMNS.forEach(c -> builder.field(c, Schema.OPTIONAL_STRING_SCHEMA));
        Schema row = builder.build();
        Struct after = new Struct(row);
        COLUMNS.forEach(c -> after.put(c, c + "-value"));
        Schema source =
                SchemaBuilder.struct()
                        .field("db", Schema.STRING_SCHEMA)
                        .field("table", Schema.STRING_SCHEMA)
                        .build();
        Schema envelope =
                SchemaBuilder.struct()
                        .field("after", row)
                        .field("source", source)
                        .field("op", Schema.STRING_SCHEMA)
                        .build();
        Struct value =
                new Struct(envelope)
                        .put("after", after)
                        .put(
                                "source",
                                new Struct(source)
                                        .put("db", "valis")
                                        .put("table", "vaccine_drive_stats"))
                        .put("op", "r");
        ItemChange change =
                new ItemMapper(
                                rules,
                                new AttributeValues(false, false),
                                TargetTableFilter.parse(List.of()))
                        .read(new SinkRecord("t", 0, null, null, envelope, value, 0))
                        .get(0);

        assertEquals("vaccine_drive_stats_tab", change.table());
        assertEquals(List.of("user_id", "area_code"), change.keyNames());
        Map<String, AttributeValue> item = change.item();
        assertEquals(
                new TreeSet<>(
                        Set.of(
                                "user_id",
                                "area_code",
                                "rural_or_urban",
                                "PatientDetails",
                                "PatientVaccineinfo",
                                "PatientVaclocation")),
                new TreeSet<>(item.keySet()));
        assertEquals(
                "{\"vaccinated_by\": \"vaccinated_by-value\", \"vaccinated_at\": \"vaccinated_at-value\","
                        + " \"next_due_date\": \"next_due_date-value\"}",
                item.get("PatientVaclocation").s());
        assertEquals("user_id-value", item.get("user_id").s());
    }
}
