package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.testing.ApiTour;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scalar code never needs {@code jdk.incubator.vector}: only the vector classes
 * ({@link #VECTOR_CLASSES}) name a type of the module, and no other class of fhe-core names them
 * ({@link Simd} loads the kernels by name, and only when the module is present). Checked on the
 * compiled classes' constant pools, and by running {@link ApiTour} (every public operation) in a
 * JVM without the module, which must load none of them and compute the same values as this JVM
 * (which has the module, see the surefire argLine) with its vector code in use.
 */
class VectorModuleIsolationTest {
    /** The classes that may name jdk.incubator.vector types: the kernels behind {@link SimdKernels}. */
    static final Set<String> VECTOR_CLASSES = Set.of("io/fhe4j/math/VectorArith", "io/fhe4j/math/VectorNtt",
            "io/fhe4j/math/VectorKernels");

    @Test
    void onlyTheVectorClassesNameTheModuleOrEachOther() throws IOException, java.net.URISyntaxException {
        Path classes = Path.of(Ntt.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        Set<String> vectorSeen = new TreeSet<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                String name = classes.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", "");
                Set<String> names = utf8Constants(Files.readAllBytes(file));
                boolean vector = VECTOR_CLASSES.contains(name.replaceAll("\\$.*", ""));
                boolean namesModule = names.stream().anyMatch(s -> s.contains("jdk/incubator/vector"));
                if (vector) {
                    if (namesModule) {
                        vectorSeen.add(name);
                    }
                    continue;
                }
                scanned++;
                for (String s : names) {
                    if (s.contains("jdk/incubator/vector") || VECTOR_CLASSES.stream().anyMatch(s::contains)) {
                        offenders.add(name + " -> " + s);
                    }
                }
            }
        }
        assertTrue(scanned > 100, "scanned only " + scanned + " classes in " + classes);
        assertTrue(vectorSeen.containsAll(Set.of("io/fhe4j/math/VectorArith", "io/fhe4j/math/VectorNtt")),
                "the scan does not see the vector classes' references to the module: " + vectorSeen);
        assertEquals(List.of(), offenders, "scalar classes that name the incubator module or the vector classes");
    }

    /**
     * Every public operation in a JVM without the module (and its class-loading log): no vector class
     * loaded, no error, and the values of this JVM, whose vector code is in use once warm.
     */
    @Test
    void withoutTheModuleEveryOperationRunsAndGivesTheSameValues() throws Exception {
        ChildRun child = runTour(List.of("-verbose:class"));
        assertEquals(0, child.exit, child.output);
        List<String> loaded = child.output.lines().filter(l -> l.contains("[class,load]"))
                .filter(l -> l.contains("jdk.incubator.vector") || l.contains("io.fhe4j.math.Vector"))
                .collect(Collectors.toList());
        assertEquals(List.of(), loaded, "classes loaded without the module");
        assertTrue(child.output.contains("io.fhe4j.math.Ntt "), "class-loading log missing:\n" + child.output);

        boolean vector = Ntt.awaitVectorized(Duration.ofMinutes(2));
        System.out.println("[VectorModuleIsolationTest] this JVM's Vector API code in use: " + vector
                + " (enabled: " + Simd.ENABLED + ")");
        assertEquals(ApiTour.run(), child.tour, "values without the module differ from those with it");
    }

    /** {@code -Dfhe4j.simd=false} with the module: the gate stays shut, no vector class is loaded. */
    @Test
    void switchedOffTheVectorClassesStayUnloaded() throws Exception {
        ChildRun child = runTour(List.of("--add-modules", "jdk.incubator.vector", "-Dfhe4j.simd=false", "-verbose:class",
                ApiTour.class.getName(), "pow2"));
        assertEquals(0, child.exit, child.output);
        assertFalse(child.output.contains("io.fhe4j.math.Vector"), child.output);
        assertEquals(ApiTour.run().stream().filter(l -> l.startsWith("pow2-")).collect(Collectors.toList()), child.tour,
                child.output);
    }

    private record ChildRun(int exit, String output, List<String> tour) {
    }

    /** Runs {@link ApiTour} in a JVM of this java.home with the test classpath and none of this JVM's options. */
    private static ChildRun runTour(List<String> options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(options);
        if (!options.contains(ApiTour.class.getName())) {
            cmd.add(ApiTour.class.getName());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM timed out");
        String text = new String(out, StandardCharsets.UTF_8);
        List<String> tour = text.lines().filter(l -> l.matches("[a-z0-9-]+ [0-9a-f]{64}")).collect(Collectors.toList());
        return new ChildRun(p.exitValue(), text, tour);
    }

    /** The CONSTANT_Utf8 entries of a class file: every class name, descriptor and signature it uses. */
    static Set<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Set<String> utf8 = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // eight-byte constants take two entries
                }
                default -> throw new IOException("unknown constant-pool tag " + tag + " at entry " + i);
            }
        }
        return utf8;
    }
}
