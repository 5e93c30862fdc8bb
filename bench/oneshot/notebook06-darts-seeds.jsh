// Notebook 06's DARTS search and its top-3 retraining, seeds 1 to 4: prints each seed's time, the supernet's
// accuracy, the retrained accuracies and the top architecture. Run: <prefix>/share/jnas/bin/jnas-jshell bench/oneshot/notebook06-darts-seeds.jsh
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.*;
import ai.djl.nn.core.*;
import ai.djl.nn.pooling.*;
import org.jnas.nas.data.*;
import org.jnas.nas.results.*;
ModelSpace space = ModelSpace.define("fashion-cell", s -> new SequentialBlock().add(Layers.convBnRelu(8, 3, 2)).add(new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()), List.of(Blocks.identityBlock(), Layers.convBnRelu(8, 3, 1)))).add(s.cell("normal", 2, 2, 2, Layers.dartsOps(8, false, 2))).add(Pool.maxPool2dBlock(new Shape(2, 2))).add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(10).build()));
TrialEvaluator evaluator = ClassificationEvaluator.builder().setData(Datasets::fashionMnist).optTrainSubset(2000).optTestSubset(1000).optEpochs(1).optBatchSize(64).build();
for (int seed : new int[] {1, 2, 3, 4}) {
    long t0 = System.nanoTime();
    Experiment exp = Experiment.create(space, evaluator, OneShot.darts().epochs(12).warmupEpochs(4).architectureLearningRate(3e-3));
    exp.config().name("cmp").seed(seed).inputShape(new Shape(1, 1, 28, 28));
    exp.run();
    Experiment retrain = exp.retrainTop(3, evaluator);
    retrain.run();
    double[] acc = retrain.trials().stream().mapToDouble(t -> t.metric().orElse(Double.NaN)).toArray();
    System.out.printf("SEED %d: %.0f s, supernet acc %.3f, retrained top3 %s, top1 %s%n", seed, (System.nanoTime() - t0) / 1e9, exp.trials().get(0).metric().orElse(Double.NaN), java.util.Arrays.toString(acc), exp.exportTopModels(1, ExportFormat.DICT).get(0));
}
/exit
