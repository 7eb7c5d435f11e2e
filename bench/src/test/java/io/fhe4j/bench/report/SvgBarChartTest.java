package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgBarChartTest {
    private static final List<String> SERIES = List.of("fhe4j", "HElib 2.2.0", "SEAL 4.4.3");

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesWellFormedSvgWithOneRectPerBar() throws Exception {
        String svg = SvgBarChart.render("t <&> \"q\"", List.of("line one", "line two"), "ms", SERIES, List.of(
                new SvgBarChart.Group("NttBenchmark.forward  N=4096", List.of(
                        new SvgBarChart.Bar("fhe4j", 0.046, 0.002), new SvgBarChart.Bar("SEAL 4.4.3", 0.023, Double.NaN))),
                new SvgBarChart.Group("BgvBenchmark.multiplyRelinearize  N=16384", List.of(
                        new SvgBarChart.Bar("fhe4j", 20, 1.5), new SvgBarChart.Bar("HElib 2.2.0", 30.3, Double.NaN),
                        new SvgBarChart.Bar("SEAL 4.4.3", 17.5, Double.NaN, "17-18")))));
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("http://www.w3.org/2000/svg", root.getAttribute("xmlns"));
        int bars = 0;
        NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            if (((Element) rects.item(i)).getAttribute("class").equals("bar")) {
                bars++;
            }
        }
        assertEquals(5, bars);
        assertTrue(svg.contains("t &lt;&amp;&gt; &quot;q&quot;"));
        assertTrue(svg.contains(">17-18</text>"), "a bar may carry its own label");
        // decades from 0.01 (below 0.023) to 100 (above 30.3)
        assertTrue(svg.contains(">0.01</text>") && svg.contains(">100</text>") && !svg.contains(">1000</text>"), svg);
    }

    @Test
    void logAxisMapsDecadesEvenlyAndKeepsOrder() {
        double a = SvgBarChart.xOf(0.01, -2, 2);
        double b = SvgBarChart.xOf(0.1, -2, 2);
        double c = SvgBarChart.xOf(1, -2, 2);
        double d = SvgBarChart.xOf(100, -2, 2);
        assertEquals(SvgBarChart.PLOT_LEFT, a, 1e-9);
        assertEquals(SvgBarChart.PLOT_RIGHT, d, 1e-9);
        assertEquals(b - a, c - b, 1e-9);
        assertTrue(SvgBarChart.xOf(17, -2, 2) < SvgBarChart.xOf(18, -2, 2));
    }

    @Test
    void rejectsValuesALogAxisCannotShowAndUnknownSeries() {
        assertThrows(IllegalArgumentException.class, () -> SvgBarChart.render("t", List.of(), "ms", SERIES,
                List.of(new SvgBarChart.Group("g", List.of(new SvgBarChart.Bar("fhe4j", 0, Double.NaN))))));
        assertThrows(IllegalArgumentException.class, () -> SvgBarChart.render("t", List.of(), "ms", SERIES,
                List.of(new SvgBarChart.Group("g", List.of(new SvgBarChart.Bar("OpenFHE", 1, Double.NaN))))));
    }

    @Test
    void anEmptyChartIsStillValidSvg() throws Exception {
        assertEquals("svg", parse(SvgBarChart.render("t", List.of(), "ms", SERIES, List.of())).getDocumentElement()
                .getTagName());
    }
}
