package org.jnas.bench;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's first paint for a long search, in real headless Chromium: the time from navigating
 * to the page until it shows the overview (the progress card) or the first rows of the trial table,
 * and the bytes of the API responses the page received by then (their sum and the largest). The
 * search is made up ({@link DashboardServer}: {@code --trials} trials of the quickstart space, served
 * from memory in a child JVM). With {@code --base-classes} another build's nas-lib classes serve the
 * same search side by side: the loads alternate between the builds, each a fresh navigation, and
 * the medians of {@code --loads} loads after {@code --warmup} are printed with the ratio.
 *
 * <p>Run: {@code bench/run.sh DashboardFirstPaintBenchmark [--trials 10000] [--loads 9] [--warmup 2]
 * [--base-classes /tmp/base/nas-lib/target/classes] [--chromium /usr/bin/chromium]}.
 */
public final class DashboardFirstPaintBenchmark {
    /** Marks the first frame after each view's data is in the page: the progress card, a row of the trial table. */
    private static final String MARKER = "(() => { window.__paint = {};"
            + "const marks = {overview: '#progress', trials: '#trial-table tbody tr'};"
            + "const check = () => { for (const [k, sel] of Object.entries(marks)) {"
            + "  if (!(k in window.__paint) && document.querySelector(sel)) { window.__paint[k] = -1;"
            + "    requestAnimationFrame(() => { window.__paint[k] = performance.now(); }); } } };"
            + "new MutationObserver(check).observe(document, {childList: true, subtree: true}); })()";

    /** One load: ms to first paint, API bytes received by then, and the largest API response. */
    private record Load(double ms, double apiBytes, double largest) {}

    private DashboardFirstPaintBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("DashboardFirstPaintBenchmark", args);
        int trials = options.integer("trials", 10_000, "trials in the made-up search");
        int loads = options.integer("loads", 9, "measured loads per build and view");
        int warmup = options.integer("warmup", 2, "loads dropped first per build and view");
        String base = options.text("base-classes", "", "another build's nas-lib classes (its target/classes or jar), served side by side");
        Path chromium = options.path("chromium", Path.of("/usr/bin/chromium"), "the Chromium executable");
        options.done();

        Map<String, String> builds = new LinkedHashMap<>();
        String classPath = System.getProperty("java.class.path");
        builds.put("new", classPath);
        if (!base.isEmpty()) {
            builds.put("base", withNasLib(classPath, base));
        }
        Map<String, Process> servers = new LinkedHashMap<>();
        Map<String, String> urls = new LinkedHashMap<>();
        try (Chromium browser = Chromium.launch(chromium)) {
            for (Map.Entry<String, String> b : builds.entrySet()) {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djnas.home=" + System.getProperty("jnas.home", "target/jnas-home"), "-cp", b.getValue(),
                        DashboardServer.class.getName(), "--trials", String.valueOf(trials))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                servers.put(b.getKey(), p);
                urls.put(b.getKey(), urlOf(p));
            }
            browser.onNewDocument(MARKER);
            Map<String, List<Load>> measured = new LinkedHashMap<>();
            for (int round = 0; round < warmup + loads; round++) {
                for (String view : List.of("overview", "trials")) {
                    for (Map.Entry<String, String> u : urls.entrySet()) {
                        Load load = load(browser, u.getValue() + "#/e/dashboard-bench" + (view.equals("trials") ? "/trials" : ""), view);
                        if (round >= warmup) {
                            measured.computeIfAbsent(view + " " + u.getKey(), k -> new ArrayList<>()).add(load);
                        }
                    }
                }
            }
            System.out.printf("%,d trials; medians of %d loads after %d warm-up loads, per build and view%n", trials, loads, warmup);
            for (String view : List.of("overview", "trials")) {
                for (String build : urls.keySet()) {
                    List<Load> l = measured.get(view + " " + build);
                    System.out.printf("%-8s %-4s first paint %s ms (loads: %s); API bytes by then %s KB, largest response %s KB%n",
                            view, build, Stats.number("%.0f", Stats.of(l.stream().map(Load::ms).toList()).median()),
                            Stats.numbers("%.0f", l.stream().map(Load::ms).toList()),
                            Stats.number("%.1f", Stats.of(l.stream().map(Load::apiBytes).toList()).median() / 1000),
                            Stats.number("%.1f", Stats.of(l.stream().map(Load::largest).toList()).median() / 1000));
                }
                if (urls.containsKey("base")) {
                    double ratio = Stats.of(measured.get(view + " base").stream().map(Load::ms).toList()).median()
                            / Stats.of(measured.get(view + " new").stream().map(Load::ms).toList()).median();
                    System.out.printf("%-8s base/new first paint: %sx%n", view, Stats.number("%.1f", ratio));
                }
            }
        } finally {
            for (Process p : servers.values()) {
                p.getOutputStream().close(); // the server ends when its input closes
                p.waitFor();
            }
        }
    }

    /** A fresh navigation to {@code url}, waiting until {@code view} is painted. */
    private static Load load(Chromium browser, String url, String view) throws Exception {
        browser.navigate("about:blank");
        browser.navigate(url);
        long deadline = System.nanoTime() + 60_000_000_000L;
        String painted = "window.__paint && window.__paint['" + view + "'] > 0 ? window.__paint['" + view + "'] : 0";
        double ms = 0;
        while (ms <= 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(view + " of " + url + " never painted; marks "
                        + browser.eval("JSON.stringify(window.__paint)") + ", page: " + browser.eval("document.body && document.body.innerText"));
            }
            Thread.sleep(5);
            ms = browser.eval(painted).getAsDouble();
        }
        JsonObject sizes = browser.eval("(() => { const api = performance.getEntriesByType('resource')"
                + ".filter((e) => e.name.includes('/api/') && e.responseEnd <= " + ms + ").map((e) => e.encodedBodySize);"
                + "return {sum: api.reduce((a, b) => a + b, 0), largest: Math.max(0, ...api)}; })()").getAsJsonObject();
        return new Load(ms, sizes.get("sum").getAsDouble(), sizes.get("largest").getAsDouble());
    }

    /** The class path with nas-lib's classes replaced by {@code classes}. */
    private static String withNasLib(String classPath, String classes) {
        List<String> entries = new ArrayList<>();
        boolean replaced = false;
        for (String e : classPath.split(File.pathSeparator)) {
            boolean nasLib = e.replace('\\', '/').contains("/nas-lib/target/"); // its classes or its jar
            entries.add(nasLib ? classes : e);
            replaced |= nasLib;
        }
        if (!replaced) {
            throw new IllegalArgumentException("no nas-lib build (nas-lib/target/...) on the class path to replace: " + classPath);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String urlOf(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("url ")) {
                return line.substring(4);
            }
        }
        throw new IllegalStateException("the dashboard server ended without an address");
    }
}
