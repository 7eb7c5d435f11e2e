package io.fhe4j.bench.report;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

/** A tiny synthetic result set shared by the report tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** JMH's CSV as JMH 1.37 writes it: primary rows, GC-profiler rows, one NaN error. */
    static final String JMH_CSV = String.join("\n",
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: logN\"",
            "\"io.fhe4j.bench.NttBenchmark.forward\",\"avgt\",1,5,46.000000,2.000000,\"us/op\",12",
            "\"io.fhe4j.bench.NttBenchmark.forward:gc.alloc.rate\",\"avgt\",1,5,0.010000,0.001000,\"MB/sec\",12",
            "\"io.fhe4j.bench.NttBenchmark.forward:gc.alloc.rate.norm\",\"avgt\",1,5,0.500000,0.100000,\"B/op\",12",
            "\"io.fhe4j.bench.BgvBenchmark.multiplyRelinearize\",\"avgt\",1,5,20000.000000,1500.000000,\"us/op\",14",
            "\"io.fhe4j.bench.BgvBenchmark.multiplyRelinearize:gc.alloc.rate.norm\",\"avgt\",1,5,22570621.3,"
                    + "1000.0,\"B/op\",14",
            "\"io.fhe4j.bench.BgvBenchmark.modSwitch\",\"avgt\",1,1,3.100000,NaN,\"ms/op\",13",
            "");

    /** Anchors: a primary HElib row, a range SEAL row, a secondary row, an unmatched and a missing-suite row. */
    static final String ANCHORS_CSV = String.join("\n",
            "# comment lines are skipped",
            "id,suite,benchmark,ring,operation,unit,helib,seal,primary,source,machine,note",
            "ntt,NttBenchmark,forward,N=4096,forward NTT,ms,,0.023,seal,src A,box,\"SEAL's NTT, lazy\"",
            "mul-t1,BgvBenchmark,multiplyRelinearize,N=16384,multiply,ms,59.8,17-18,seal,src B,box,incl. mod-switch",
            "mul-bare,BgvBenchmark,multiplyRelinearize,N=16384,multiply bare,ms,30.3,,helib,src C,box,bare",
            "ks,BgvBenchmark,,N=16384,key switch alone,ms,17.7,,,src C,box,no counterpart",
            "ms-32768,BgvBenchmark,modSwitch,N=32768,mod-switch,ms,9.9,,helib,src C,box,not in this run",
            "gen,GeneralRingBenchmark,encrypt,m=4369,encrypt,ms,6.2,,helib,src C,box,general m",
            "paper-minibatch,TrainingStepBenchmark,*,,one mini-batch,ms,2400000,,,paper,their box,40 minutes",
            "paper-epoch,TrainingStepBenchmark,,,one epoch,ms,2400000000,,,derived,their box,1000 x 40 minutes",
            "ct,Sizes,ciphertext,N=16384,ciphertext,MB,3.7,,,issue,n/a,HElib's reported use",
            "");

    static List<Measurement> measurements() {
        return JmhCsv.read(new StringReader(JMH_CSV));
    }

    static List<Anchor> anchors() {
        return Anchors.read(new StringReader(ANCHORS_CSV));
    }

    static RunInfo info() {
        return new RunInfo(Map.of("date", "2025-01-02 03:04 UTC", "mode", "short", "cpu", "Test CPU 9000",
                "cores", "2 available to the JVM", "jdk", "OpenJDK 17", "loadStart", "0.50 / 0.40 / 0.30",
                "loadEnd", "1.50 / 0.90 / 0.40", "suites", "NttBenchmark,BgvBenchmark",
                "command", "java -jar bench/target/fhe4j.jar report"));
    }

    static List<ObjectSizes.Row> sizes() {
        return List.of(new ObjectSizes.Row("Presets.n16384()", false, 16384, 6, 360, 440, 1_573_000, 1_573_000,
                        1_600_000, 1_600_000),
                new ObjectSizes.Row("HElib chain, logN = 14", true, 16384, 7, 406, 620, 1_835_000, 1_835_000, 2_400_000,
                        2_400_000));
    }

    static Measurement measurement(String suite, String method, Map<String, String> params, double ms) {
        return new Measurement(suite, method, params, ms, ms / 10, 5, 1000);
    }
}
