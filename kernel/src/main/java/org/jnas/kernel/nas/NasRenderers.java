package org.jnas.kernel.nas;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jnas.kernel.display.MimeBundle;
import org.jnas.kernel.display.Renderers;
import org.jnas.nas.Experiment;
import org.jnas.nas.ExperimentView;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.results.ArchitectureDiagram;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.results.Chart;
import org.jnas.nas.results.ExperimentList;
import org.jnas.nas.results.ExperimentProgress;
import org.jnas.nas.results.TrialTable;

/**
 * Registers the renderers of nas-lib's types with the kernel's {@link Renderers} registry. Types are
 * named by class name, so that a kernel session that never touches NAS does not load nas-lib.
 */
public final class NasRenderers {
    private NasRenderers() {}

    /** Registers every renderer; the kernel calls this once at start-up. */
    public static void install() {
        register("org.jnas.nas.Experiment", v -> LiveExperimentViews.shared().render((Experiment) v));
        register("org.jnas.nas.ExperimentView", v -> {
            ExperimentView view = (ExperimentView) v;
            return MimeBundle.of("text/html", view.fullHtml(true), LiveExperimentViews.plainText(view));
        });
        register("org.jnas.nas.results.ExperimentList", v -> {
            ExperimentList list = (ExperimentList) v;
            return MimeBundle.of("text/html", list.html(), list.text());
        });
        register("org.jnas.nas.results.TrialTable", v -> {
            TrialTable t = (TrialTable) v;
            return MimeBundle.of("text/html", t.html(), t.text(true));
        });
        register("org.jnas.nas.results.ExperimentProgress", v -> {
            ExperimentProgress p = (ExperimentProgress) v;
            return MimeBundle.of("text/html", p.html(), p.line());
        });
        register("org.jnas.nas.results.ArchitectureRanking", v -> {
            ArchitectureRanking r = (ArchitectureRanking) v;
            return MimeBundle.of("text/html", r.html(), r.toString());
        });
        register("org.jnas.nas.results.Chart", v -> chart((Chart) v));
        register("org.jnas.nas.results.ArchitectureDiagram", v -> {
            ArchitectureDiagram d = (ArchitectureDiagram) v;
            return MimeBundle.of("image/svg+xml", d.svg(), d.text());
        });
        register("org.jnas.nas.space.ModelSpace", v -> {
            ModelSpace s = (ModelSpace) v;
            return MimeBundle.of("text/html", NasHtml.space(s), s.summary());
        });
        register("org.jnas.nas.space.Sample", v -> {
            Sample s = (Sample) v;
            return MimeBundle.of("text/html", NasHtml.sample(s), s.toJson());
        });
        register("org.jnas.nas.trial.TrialRecord", v -> {
            TrialRecord t = (TrialRecord) v;
            return MimeBundle.of("text/html", NasHtml.trial(t), NasHtml.trialText(t));
        });
    }

    private static void register(String className, Function<Object, MimeBundle> renderer) {
        Renderers.registerByName(className, renderer);
    }

    /** SVG for the notebook and nbconvert, PNG for frontends without SVG, the title as text. */
    static MimeBundle chart(Chart chart) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("text/plain", "Chart: " + chart.title());
        data.put("image/svg+xml", chart.svg());
        data.put("image/png", Base64.getEncoder().encodeToString(chart.png()));
        return new MimeBundle(data, Map.of("image/png", Map.of("width", chart.width(), "height", chart.height())), null);
    }
}
