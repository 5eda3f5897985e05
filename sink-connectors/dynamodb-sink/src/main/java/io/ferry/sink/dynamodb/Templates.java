package io.ferry.sink.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DMS attribute-mapping values: {@code ${column}} templates in a scalar string, or in the strings
 * of a DynamoDB-typed JSON document ({@code {"M": {"Home": {"S": "${HomeAddress}"}}}}).
 */
final class Templates {
    private static final Pattern COLUMN = Pattern.compile("\\$\\{([^}]+)}");

    private Templates() {}

    /** The template with each {@code ${column}} replaced by the column's text (empty for NULL). */
    static String fill(String template, Function<String, String> columns) {
        Matcher matcher = COLUMN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = columns.apply(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The columns a scalar template or a document's strings name. */
    static Set<String> columns(JsonNode node) {
        Set<String> columns = new LinkedHashSet<>();
        if (node.isContainerNode()) {
            node.forEach(child -> columns.addAll(columns(child)));
        } else {
            Matcher matcher = COLUMN.matcher(node.asText());
            while (matcher.find()) {
                columns.add(matcher.group(1));
            }
        }
        return columns;
    }

    /** A DynamoDB-typed JSON document as an attribute, its strings filled in. */
    static AttributeValue document(JsonNode node, Function<String, String> columns) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException(
                    "a DynamoDB value is an object with one type key: " + node);
        }
        Map.Entry<String, JsonNode> typed = node.fields().next();
        JsonNode value = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(fill(value.asText(), columns));
            case "N" -> AttributeValue.fromN(fill(value.asText(), columns));
            case "BOOL" ->
                    AttributeValue.fromBool(Boolean.parseBoolean(fill(value.asText(), columns)));
            case "NULL" -> AttributeValue.fromNul(true);
            case "B" ->
                    AttributeValue.fromB(SdkBytes.fromUtf8String(fill(value.asText(), columns)));
            case "M" -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                value.fields()
                        .forEachRemaining(
                                e -> map.put(e.getKey(), document(e.getValue(), columns)));
                yield AttributeValue.fromM(map);
            }
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                value.forEach(v -> list.add(document(v, columns)));
                yield AttributeValue.fromL(list);
            }
            default ->
                    throw new IllegalArgumentException("unknown DynamoDB type " + typed.getKey());
        };
    }
}
