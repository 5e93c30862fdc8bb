package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class ArchitectureDiagramTest {
    private static SequentialBlock smallCnn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(8).setKernelShape(new Shape(3, 3)).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Dropout.builder().optRate(0.25f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    @Test
    void listsTheBlocksOfASmallCnnWithShapesAndParameterCounts() throws Exception {
        ArchitectureDiagram d = ArchitectureDiagram.of(smallCnn(), new Shape(2, 1, 28, 28), "CNN");
        List<ArchitectureDiagram.Row> rows = d.rows();
        assertEquals(7, rows.size(), d.text());
        assertEquals("SequentialBlock", rows.get(0).name());
        assertEquals("Conv2d", rows.get(1).name());
        assertEquals("8 filters, 3x3", rows.get(1).detail());
        assertEquals("(2, 8, 26, 26)", rows.get(1).outputShape());
        assertEquals(8 * 1 * 3 * 3 + 8, rows.get(1).parameters());
        assertEquals("(2, 8, 13, 13)", rows.get(3).outputShape());
        assertEquals(0, rows.get(3).parameters());
        assertEquals("(2, 1352)", rows.get(5).outputShape());
        assertEquals("Linear", rows.get(6).name());
        assertEquals("10 units", rows.get(6).detail());
        assertEquals(1352 * 10 + 10, rows.get(6).parameters());
        assertEquals(80 + 13530, d.totalParameters());
        assertEquals("(2, 10)", rows.get(0).outputShape());

        Document svg = Xml.parse(d.svg());
        List<String> texts = new ArrayList<>();
        NodeList nodes = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        assertTrue(texts.contains("CNN"), texts.toString());
        assertTrue(texts.contains("13,610 parameters, 7 blocks"), texts.toString());
        assertTrue(texts.contains("Conv2d 8 filters, 3x3"), texts.toString());
        assertTrue(texts.contains("(2, 8, 26, 26)") && texts.contains("13,530 p"), texts.toString());
        assertEquals(8, svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").getLength() - 1,
                "a box per block plus the input");
    }

    @Test
    void parallelBranchesAreDrawnWithTheirOwnShapes() {
        ParallelBlock branches = new ParallelBlock(list -> new ai.djl.ndarray.NDList(
                ai.djl.ndarray.NDArrays.add(list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow())),
                List.of(Linear.builder().setUnits(4).build(), Linear.builder().setUnits(4).optBias(false).build()));
        SequentialBlock net = new SequentialBlock().add(branches).add(Linear.builder().setUnits(2).build());
        ArchitectureDiagram d = ArchitectureDiagram.of(net, new Shape(1, 3));
        List<ArchitectureDiagram.Row> rows = d.rows();
        assertEquals(List.of("SequentialBlock", "ParallelBlock", "Linear", "Linear", "Linear"),
                rows.stream().map(ArchitectureDiagram.Row::name).toList());
        assertEquals(2, rows.get(2).depth());
        assertEquals(3 * 4 + 4, rows.get(2).parameters());
        assertEquals(3 * 4, rows.get(3).parameters());
        assertEquals(16 + 12, rows.get(1).parameters());
        assertEquals(16 + 12 + 4 * 2 + 2, d.totalParameters());
        assertTrue(d.text().contains("ParallelBlock (2 branches)"), d.text());
    }

    @Test
    void wrongInputShapeIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureDiagram.of(smallCnn(), new Shape(2, 28)));
        assertTrue(e.getMessage().contains("(2, 28)"), e.getMessage());
    }
}
