// Notebook 06's DARTS search (seed 1), then its probabilities chart: prints the search's time, the live view's size and
// time (best of 6), the medians of 21 renderings of the live view, the text view and the progress line, the chart's SVG size and the keys of the last epoch's result; writes the chart as <out>.png.
// Run: JAVA_TOOL_OPTIONS=-Dout=/tmp/chart <prefix>/share/jnas/bin/jnas-jshell bench/oneshot/probability-chart.jsh
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.*;
import ai.djl.nn.core.*;
import ai.djl.nn.pooling.*;
import org.jnas.nas.data.*;
import org.jnas.nas.results.*;
ModelSpace space = ModelSpace.define("fashion-cell", s -> new SequentialBlock().add(Layers.convBnRelu(8, 3, 2)).add(new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()), List.of(Blocks.identityBlock(), Layers.convBnRelu(8, 3, 1)))).add(s.cell("normal", 2, 2, 2, Layers.dartsOps(8, false, 2))).add(Pool.maxPool2dBlock(new Shape(2, 2))).add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(10).build()));
TrialEvaluator evaluator = ClassificationEvaluator.builder().setData(Datasets::fashionMnist).optTrainSubset(2000).optTestSubset(1000).optEpochs(1).optBatchSize(64).build();
long t0 = System.nanoTime();
Experiment exp = Experiment.create(space, evaluator, OneShot.darts().epochs(12).warmupEpochs(4).architectureLearningRate(3e-3));
exp.config().name("steps").seed(1).inputShape(new Shape(1, 1, 28, 28));
exp.run();
double secs = (System.nanoTime() - t0) / 1e9;
Chart c = Chart.architectureProbabilities(exp);
java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("out") + ".png"), c.png(1));
long t1 = System.nanoTime(); String live = exp.liveHtml(); double liveMs = (System.nanoTime() - t1) / 1e6;
for (int i = 0; i < 5; i++) { t1 = System.nanoTime(); live = exp.liveHtml(); liveMs = Math.min(liveMs, (System.nanoTime() - t1) / 1e6); }
double median(java.util.function.Supplier<String> view) { double[] ms = new double[21]; for (int i = 0; i < ms.length; i++) { long t = System.nanoTime(); view.get(); ms[i] = (System.nanoTime() - t) / 1e6; } java.util.Arrays.sort(ms); return ms[ms.length / 2]; }
System.out.printf("RESULT views, median of 21: liveHtml %.2f ms, text %.2f ms, progress line %.3f ms%n", median(exp::liveHtml), median(exp::text), median(() -> exp.progress().line()));
System.out.printf("RESULT search %.0f s, live %d bytes (%.1f ms best of 6), chart svg %d bytes, intermediates %d keys in the last epoch, top %s%n", secs, live.length(), liveMs, c.svg().length(), exp.trials().get(0).intermediates().get(11).size(), exp.exportTopModels(1, ExportFormat.DICT).get(0));
/exit
