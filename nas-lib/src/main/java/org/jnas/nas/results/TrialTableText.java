package org.jnas.nas.results;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialStatus;
import tech.tablesaw.columns.Column;

/**
 * Writes a {@link TrialTable} as aligned plain text for jshell and terminals: a header, a rule,
 * numbers right-aligned, cells longer than {@value #CELL_MAX} characters cut with an ellipsis.
 */
final class TrialTableText {
    private static final int CELL_MAX = 32;

    private TrialTableText() {}

    /**
     * The text of the table's {@code rows} (row indexes in the order to show them), a running
     * trial's status with the share of its training done when {@code training} has it.
     */
    static String write(TrialTable trials, int[] rows, Map<Long, TrainingProgress> training) {
        List<Column<?>> columns = trials.columns();
        String[][] cells = new String[rows.length + 1][columns.size()];
        int[] width = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            cells[0][c] = columns.get(c).name();
            for (int r = 0; r < rows.length; r++) {
                String s = status(trials, columns.get(c), rows[r], training).orElse(trials.cell(columns.get(c), rows[r]));
                cells[r + 1][c] = s.length() > CELL_MAX ? s.substring(0, CELL_MAX - 1) + "…" : s;
            }
            for (String[] line : cells) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < cells.length; r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String s = cells[r][c];
                String pad = " ".repeat(width[c] - s.length());
                line.append(trials.numeric(columns.get(c)) ? pad + s : s + pad);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                sb.append("-".repeat(total + 2 * (columns.size() - 1))).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * A running trial's status cell when {@code training} has its progress: {@code RUNNING 37%},
     * the share of all its epochs done (as the dashboard's trial table); empty for any other cell.
     * {@code training} holds running trials only (the views take it from {@code Views.trainingNow},
     * which read the same records as the table).
     */
    static Optional<String> status(TrialTable trials, Column<?> column, int row, Map<Long, TrainingProgress> training) {
        if (training.isEmpty() || !column.name().equals(TrialTable.STATUS)) {
            return Optional.empty();
        }
        return Optional.ofNullable(training.get(trials.trialId(row)))
                .map(p -> TrialStatus.RUNNING.name() + " " + Math.round(100 * p.fraction()) + "%");
    }
}
