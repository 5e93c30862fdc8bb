package org.jnas.nas.results;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The trial table: one row per trial with its id, status, one column per choice label, the final
 * metric, one column per other final metric key (by name), the duration in seconds and the device; in a
 * multi-objective search, a {@value #PARETO} column after the metrics, true for the Pareto-optimal
 * trials ({@link Objective#paretoFront}).
 *
 * <p>Available as a Tablesaw {@link Table} for the user's own analysis ({@link #table()}), as HTML
 * ({@link #html()} without scripts, so it survives nbconvert and untrusted notebooks;
 * {@link #sortableHtml()} with a small inline script that sorts on a header click), as aligned text
 * for jshell and terminals ({@link #text()}), and as CSV ({@link #csv()}).
 *
 * <p>Choice columns are numeric when every value of the choice is a number (integers stay
 * integers), text otherwise (input choices read {@code [0, 1]}). A sample without a label (a
 * conditional choice that was not reached) leaves the cell missing. A layer choice's column holds
 * candidate indices; HTML and text show each with its candidate's name ({@code 1 conv3x3}). Trials
 * none of which holds an architecture (a one-shot search's supernet) get no choice columns.
 */
public final class TrialTable {
    /** The trial id column. */
    public static final String TRIAL = "trial";
    /** The status column. */
    public static final String STATUS = "status";
    /** The final default metric column. */
    public static final String METRIC = "metric";
    /** The training duration column, in seconds. */
    public static final String DURATION = "duration_s";
    /** The device column. */
    public static final String DEVICE = "device";
    /** The column that marks the Pareto-optimal trials, in a multi-objective search. */
    public static final String PARETO = "pareto";

    private final Table table;
    private final Direction direction;
    /** How each metric column shows its numbers ({@link Html#columnFormat}), by column name. */
    private final Map<String, DoubleFunction<String>> metricFormats;
    /** The choices whose candidates have names, by column: their cells show index and name. */
    private final Map<String, Choice> namedColumns;
    private final long bestTrial;

    private TrialTable(Table table, Direction direction, Set<String> metricColumns, Map<String, Choice> namedColumns,
            long bestTrial) {
        this.table = table;
        this.direction = direction;
        this.metricFormats = new HashMap<>();
        for (String name : metricColumns) {
            metricFormats.put(name, Html.columnFormat(DoubleStream.of(table.doubleColumn(name).removeMissing().asDoubleArray())));
        }
        this.namedColumns = namedColumns;
        this.bestTrial = bestTrial;
    }

    /**
     * The table of these trials (in trial id order).
     *
     * @param records the trials, e.g. {@code experiment.trials()}
     * @param choices the space's choices, giving the choice columns and their order
     * @param direction whether larger metrics are better (for best-first order and the best row)
     */
    public static TrialTable create(List<TrialRecord> records, List<Choice> choices, Direction direction) {
        return create(records, choices, direction, List.of());
    }

    /**
     * The table of these trials with a {@value #PARETO} column marking the Pareto front of {@code
     * objectives} among them; none when {@code objectives} is empty.
     */
    public static TrialTable create(List<TrialRecord> records, List<Choice> choices, Direction direction,
            List<Objective> objectives) {
        Objects.requireNonNull(objectives, "objectives");
        return create(records, choices, direction,
                objectives.isEmpty() ? Optional.empty() : Optional.of(Objective.paretoFrontIds(records, objectives)));
    }

    /**
     * The table, with a {@value #PARETO} column marking the trials in {@code front} when present
     * (the front of a larger set of trials than these, for a digest).
     */
    static TrialTable create(List<TrialRecord> records, List<Choice> choices, Direction direction, Optional<Set<Long>> front) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(choices, "choices");
        Objects.requireNonNull(direction, "direction");
        List<TrialRecord> trials = new ArrayList<>(records);
        trials.sort(Comparator.comparingLong(TrialRecord::id));

        Set<String> taken = new HashSet<>(List.of(TRIAL, STATUS, METRIC, DURATION, DEVICE, PARETO));
        LongColumn id = LongColumn.create(TRIAL);
        StringColumn status = StringColumn.create(STATUS);
        // labels of the space first, then labels met only in samples (conditional choices); none
        // when no trial holds an architecture (a one-shot search's supernet trial)
        boolean noArchitecture = !trials.isEmpty() && trials.stream().allMatch(t -> t.sample().values().isEmpty());
        Map<String, List<Object>> labelValues = new LinkedHashMap<>();
        for (Choice c : noArchitecture ? List.<Choice>of() : choices) {
            labelValues.put(c.label(), new ArrayList<>(c.candidates()));
        }
        // by name, as the dashboard's table: a stored trial's metrics are an immutable copy whose
        // order changes from JVM to JVM, and so did these columns'
        Set<String> otherMetrics = new TreeSet<>();
        for (TrialRecord t : trials) {
            t.sample().values().forEach((label, value) -> labelValues.computeIfAbsent(label, k -> new ArrayList<>()).add(value));
            for (String key : t.finalMetrics().keySet()) {
                if (!key.equals(TrialRecord.DEFAULT_METRIC)) {
                    otherMetrics.add(key);
                }
            }
        }
        List<Column<?>> choiceColumns = new ArrayList<>();
        List<String> labels = new ArrayList<>(labelValues.keySet());
        Map<String, Choice> namedColumns = new HashMap<>();
        for (String label : labels) {
            Column<?> column = ChoiceColumns.of(unique(label, taken), labelValues.get(label));
            choices.stream().filter(c -> c.label().equals(label) && c.hasNames()).forEach(c -> namedColumns.put(column.name(), c));
            choiceColumns.add(column);
        }
        DoubleColumn metric = DoubleColumn.create(METRIC);
        List<String> otherKeys = new ArrayList<>(otherMetrics);
        List<DoubleColumn> otherColumns = new ArrayList<>();
        Set<String> metricColumns = new LinkedHashSet<>();
        metricColumns.add(METRIC);
        for (String key : otherKeys) {
            DoubleColumn col = DoubleColumn.create(unique(key, taken));
            otherColumns.add(col);
            metricColumns.add(col.name());
        }
        BooleanColumn pareto = BooleanColumn.create(PARETO);
        DoubleColumn duration = DoubleColumn.create(DURATION);
        StringColumn device = StringColumn.create(DEVICE);

        for (TrialRecord t : trials) {
            id.append(t.id());
            status.append(t.status().name());
            for (int i = 0; i < labels.size(); i++) {
                Object v = t.sample().values().get(labels.get(i));
                ChoiceColumns.append(choiceColumns.get(i), v);
            }
            double m = t.metric().orElse(Double.NaN);
            if (Double.isNaN(m)) {
                metric.appendMissing();
            } else {
                metric.append(m);
            }
            for (int i = 0; i < otherKeys.size(); i++) {
                Double v = t.finalMetrics().get(otherKeys.get(i));
                if (v == null) {
                    otherColumns.get(i).appendMissing();
                } else {
                    otherColumns.get(i).append(v);
                }
            }
            front.ifPresent(ids -> pareto.append(ids.contains(t.id())));
            if (t.started().isEmpty()) {
                duration.appendMissing();
            } else {
                duration.append(t.duration().toMillis() / 1000.0);
            }
            device.append(t.device().orElse(""));
        }
        Table table = Table.create("trials");
        table.addColumns(id, status);
        choiceColumns.forEach(table::addColumns);
        table.addColumns(metric);
        otherColumns.forEach(table::addColumns);
        if (front.isPresent()) {
            table.addColumns(pareto);
        }
        table.addColumns(duration, device);
        long best = direction.best(trials, 1).stream().mapToLong(TrialRecord::id).findFirst().orElse(-1);
        return new TrialTable(table, direction, metricColumns, namedColumns, best);
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }

    /** A copy of the table in trial id order, yours to sort, filter and join. */
    public Table table() {
        return table.copy();
    }

    /** A copy of the table with the best trials first (trials without a finite metric last, by id). */
    public Table bestFirst() {
        Table sorted = table.emptyCopy();
        for (int row : bestFirstOrder()) {
            sorted.append(table.row(row));
        }
        return sorted;
    }

    /** The direction the table ranks metrics in. */
    public Direction direction() {
        return direction;
    }

    /** The number of trials. */
    public int rowCount() {
        return table.rowCount();
    }

    private int[] bestFirstOrder() {
        DoubleColumn metric = table.doubleColumn(METRIC);
        LongColumn ids = table.longColumn(TRIAL);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < table.rowCount(); i++) {
            rows.add(i);
        }
        rows.sort((a, b) -> {
            // Ranked like Direction.best: a missing or infinite metric ranks nowhere.
            boolean ma = !Double.isFinite(metric.getDouble(a));
            boolean mb = !Double.isFinite(metric.getDouble(b));
            if (ma != mb) {
                return ma ? 1 : -1;
            }
            if (!ma) {
                int c = Double.compare(direction.score(metric.getDouble(b)), direction.score(metric.getDouble(a)));
                if (c != 0) {
                    return c;
                }
            }
            return Long.compare(ids.getLong(a), ids.getLong(b));
        });
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] idOrder() {
        return IntStream.range(0, table.rowCount()).toArray();
    }

    /** The columns, in order (the table's own, not a copy). */
    List<Column<?>> columns() {
        return table.columns();
    }

    /** The row's trial id. */
    long trialId(int row) {
        return table.longColumn(TRIAL).getLong(row);
    }

    /** Whether the row is the best trial's. */
    boolean isBest(int row) {
        return trialId(row) == bestTrial;
    }

    /** Whether the row's trial is on the Pareto front (false when the table has no such column). */
    boolean isPareto(int row) {
        return table.containsColumn(PARETO) && table.booleanColumn(PARETO).get(row);
    }

    /**
     * The cell as shown in HTML and text: Pareto-optimal as {@code yes} (else blank), metrics to 4 significant digits ({@link Html#number}; a column of whole numbers without decimals),
     * durations to 0.1 s, a named candidate as its index and name ({@code 1 conv3x3}), missing as
     * "". The table and the CSV keep every digit and the indices.
     */
    String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        if (column instanceof BooleanColumn b) {
            return b.get(row) ? "yes" : "";
        }
        Choice named = namedColumns.get(column.name());
        if (named != null) {
            return named.describe(column.get(row));
        }
        if (column instanceof DoubleColumn d) {
            double v = d.getDouble(row);
            DoubleFunction<String> format = metricFormats.get(column.name());
            if (format != null) {
                return format.apply(v);
            }
            if (column.name().equals(DURATION)) {
                return String.format(Locale.ROOT, "%.1f", v);
            }
            return Double.toString(v);
        }
        return column.getString(row);
    }

    /** Whether the column shows numbers (aligned right, sorted by value); named candidates read as text. */
    boolean numeric(Column<?> column) {
        return (column instanceof DoubleColumn || column instanceof LongColumn) && !namedColumns.containsKey(column.name());
    }

    /**
     * HTML without any script, best trials first: what nbconvert, untrusted notebooks and e-mail
     * show as is. The best trial's row has class {@code best}, Pareto-optimal ones class {@code pareto}.
     */
    public String html() {
        return html(true, false);
    }

    /**
     * HTML with a small inline script (no CDN) that sorts the rows when a header is clicked;
     * rows start best-first. Where scripts do not run it reads like {@link #html()}.
     */
    public String sortableHtml() {
        return html(true, true);
    }

    /**
     * HTML of the table.
     *
     * @param bestFirst rows ranked by metric instead of by trial id
     * @param sortable add the inline sorting script
     */
    public String html(boolean bestFirst, boolean sortable) {
        return TrialTableHtml.write(this, bestFirst ? bestFirstOrder() : idOrder(), sortable, Map.of());
    }

    /** HTML best first, a running trial's status with how far its training has got ({@code training}: running trials, by id). */
    String html(boolean sortable, Map<Long, TrainingProgress> training) {
        return TrialTableHtml.write(this, bestFirstOrder(), sortable, training);
    }

    /**
     * Aligned plain text, in trial id order, for jshell and terminals: numbers right-aligned, long
     * cells cut with an ellipsis.
     */
    public String text() {
        return text(false);
    }

    /** Aligned plain text, best trials first when asked. */
    public String text(boolean bestFirst) {
        return TrialTableText.write(this, bestFirst ? bestFirstOrder() : idOrder(), Map.of());
    }

    /** Text best first, a running trial's status with how far its training has got ({@code training}: running trials, by id). */
    String text(Map<Long, TrainingProgress> training) {
        return TrialTableText.write(this, bestFirstOrder(), training);
    }

    /** The table as CSV (header row, trial id order, full precision). */
    public String csv() {
        StringWriter out = new StringWriter();
        writeCsv(out);
        return out.toString();
    }

    /** Writes the CSV to {@code file} (UTF-8). */
    public void writeCsv(Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeCsv(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trial table to " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeCsv(Writer out) {
        table.write().csv(out);
    }

    /** The text form. */
    @Override
    public String toString() {
        return text();
    }
}
