package org.jnas.nas.results;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/** The trial table's choice columns: their type from the choice's values, and a trial's cell in them. */
final class ChoiceColumns {
    private ChoiceColumns() {}

    /** A column for a choice of these values: integer, decimal, or text (input choices' lists). */
    static Column<?> of(String name, List<Object> values) {
        boolean numbers = !values.isEmpty();
        boolean integers = true;
        for (Object v : values) {
            if (!(v instanceof Number)) {
                numbers = false;
                break;
            }
            if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
                integers = false;
            }
        }
        if (numbers && integers) {
            return LongColumn.create(name);
        }
        return numbers ? DoubleColumn.create(name) : StringColumn.create(name);
    }

    /** Appends a trial's value of the choice, or a missing cell for a label its sample lacks. */
    static void append(Column<?> column, Object v) {
        if (v == null) {
            column.appendMissing();
        } else if (column instanceof LongColumn c) {
            c.append(((Number) v).longValue());
        } else if (column instanceof DoubleColumn c) {
            // a float candidate (0.1f) as written, not as its binary value widened (0.10000000149011612)
            c.append(v instanceof Float f ? Double.parseDouble(f.toString()) : ((Number) v).doubleValue());
        } else {
            ((StringColumn) column).append(String.valueOf(v));
        }
    }
}
