package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.party.TrainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad command line of {@code train} is refused before any work (no MNIST loaded, no key
 * generated: nothing on stdout) with exit code 2 and one line on stderr naming the flag, the value
 * and what is allowed, never a stack trace. No MNIST needed.
 */
class TrainOptionsTest {
  @TempDir
  Path dir;

  private static TrainRun train(String... args) {
    return TrainRun.of(args);
  }

  /** Exit 2, nothing done, one line on stderr containing every {@code expected} part. */
  private static void refused(String[] args, String... expected) {
    TrainRun r = train(args);
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("", r.out(), "nothing done before the refusal");
    assertEquals(1, r.err().strip().split("\\R").length, "one line: " + r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    for (String e : expected) {
      assertTrue(r.err().contains(e), "'" + e + "' in: " + r.err());
    }
  }

  private static String[] a(String... args) {
    return args;
  }

  @Test
  void theCasesOfTheIssue() {
    refused(a("--bogus"), "unknown option --bogus; see --help");
    refused(a("--steps", "abc"), "--steps abc: must be a whole number >= 1");
    refused(a("--batch", "0"), "--batch 0: must be a whole number in 1..60000");
    refused(a("--act", "relu"), "--act relu: must be poly<d>-mm<R>", "poly<d>-ls<R>", "e.g. poly3-mm8");
    refused(a("--download", "--data", "/proc/nothing"), "--data /proc/nothing: cannot create the folder");
    refused(a("--steps", "-3"), "--steps -3: must be a whole number >= 1");
  }

  @Test
  void everyFlagIsChecked() {
    refused(a("--net", "196-x-10"), "--net 196-x-10: width 'x'");
    refused(a("--net", "196"), "--net 196: must be widths");
    refused(a("--net", "196-128-5"), "--net 196-128-5 ends with 5 outputs", "10 classes");
    refused(a("--res", "13"), "--res 13: must be one of 28, 14, 8, 7");
    refused(a("--res", "7"), "--res 7 gives 49 inputs but --net 196-32-10");
    refused(a("--out-act", "poly3-mm0"), "--out-act poly3-mm0");
    refused(a("--f", "25"), "--f 25: must be a whole number in 1..24");
    refused(a("--fw", "0"), "--fw 0");
    refused(a("--fc", "x"), "--fc x");
    refused(a("--loss", "hinge"), "--loss hinge: must be one of ce, quad, lin");
    refused(a("--lr", "5/x"), "--lr 5/x: must be s (rate 2^-s");
    refused(a("--lr", "41"), "--lr 41");
    refused(a("--epochs", "-1"), "--epochs -1");
    refused(a("--seed", "1.5"), "--seed 1.5: must be a whole number");
    refused(a("--m", "5000"), "--m 5000: must be a power of two in 2048..262144");
    refused(a("--t-bits", "70"), "--t-bits 70: must be a whole number in 3..58");
    refused(a("--t-bits", "5"), "--t-bits 5 with --m 32768");
    refused(a("--packing", "dense"), "--packing dense: must be one of packed, unpacked, paper");
    refused(a("--bits", "10"), "--bits 10");
    refused(a("--bits", "60,61"), "--bits 60,61: prime size '61' must be a whole number in 20..60");
    refused(a("--bits", "60,,35"), "--bits 60,,35: prime size ''");
    refused(a("--c", "0"), "--c 0");
    refused(a("--threads", "0"), "--threads 0: must be a whole number in 1..1024");
    refused(a("--checkpoint-every", "0"), "--checkpoint-every 0");
    refused(a("--test", "20000"), "--test 20000: must be a whole number in 1..10000");
    refused(a("--data", "/nonexistent-fhe4j"), "--data /nonexistent-fhe4j: no such file or folder", "--download");
  }

  @Test
  void theModulusIsAChainOfPrimeSizesOrATotal() {
    TrainOptions d = TrainOptions.parse(a());
    assertArrayEquals(new int[] {60, 60, 35, 50}, d.primeChain());
    assertTrue(d.configuration().contains(" bits=60,60,35,50 "), d.configuration());
    assertArrayEquals(new int[] {60, 60, 35, 50}, d.context().primeChain());
    assertEquals("primes of 60, 60, 35, 50 bits", TrainOptions.primes(d.context()));
    TrainOptions total = TrainOptions.parse(a("--bits", "240"));
    assertEquals(240, total.bits());
    assertEquals(null, total.primeChain());
    assertTrue(total.configuration().contains(" bits=240 "), total.configuration());
    assertEquals(4, total.context().maxLevel());
    assertEquals("4 x 60-bit primes", TrainOptions.primes(total.context()));
  }

  @Test
  void commandLineShapeIsChecked() {
    refused(a("--steps"), "--steps needs a value");
    refused(a("--steps", "--batch", "3"), "--steps needs a value");
    refused(a("--steps", "2", "--steps", "3"), "--steps is given twice (2 and 3)");
    refused(a("steps", "3"), "unexpected argument 'steps'");
    refused(a("--insecure", "--insecure"), "--insecure is given twice");
  }

  @Test
  void pathsAreCheckedAndNothingIsOverwritten() throws IOException {
    Path model = Files.writeString(dir.resolve("model.bin"), "an earlier model");
    refused(a("--out", model.toString()), "--out " + model, "never overwritten");
    assertEquals("an earlier model", Files.readString(model));
    refused(a("--out", dir.resolve("no/such/model.bin").toString()), "does not exist");
    refused(a("--checkpoint", model.toString()), "--checkpoint " + model + ": exists and is not a folder");
  }

  @Test
  void insecureParametersAreAUsageErrorBeforeAnyWork() {
    refused(a("--m", "4096"), "--m 4096 --bits 60,60,35,50 --c 2 --t-bits 46");
  }

  @Test
  void helpListsEveryFlagWithItsDefault() {
    TrainRun r = train("--help");
    assertEquals(0, r.code());
    for (String f : new String[] {"--net ", "--steps ", "--insecure", "--data FILE_OR_DIR", "--label NAME_OR_INDEX",
        "--checkpoint DIR", "--threads N", "--test 10000"}) {
      assertTrue(r.out().contains(f), f + " in " + r.out());
    }
  }

  @Test
  void theOwnersFlagsAreRefusedByTrain() {
    refused(a("--connect", "h:1"), "--connect is an option of the owner command, not of train");
    refused(a("--two-party"), "unknown option --two-party");
  }

  @Test
  void defaultsAreTheFlagsInitialValues() {
    TrainOptions o = TrainOptions.parse(new String[0]);
    assertEquals(new TrainOptions().configuration(), o.configuration());
    TrainOptions p = TrainOptions.parse(a("--lr", "3/7", "--packing", "paper", "--net", "49-8-10", "--res", "7"));
    assertEquals("3/2^7", p.lr().toString());
    assertEquals(io.fhe4j.nn.encrypted.EncryptedArithmetic.Packing.PAPER, p.packing());
  }

  @Test
  void aScheduleAndTheMonotoneClampAreFlagValuesThatReachTheServer() {
    refused(a("--lr", "4,6"), "--lr 4,6", "RATE@STEP");
    refused(a("--lr", "4,6@0"), "--lr 4,6@0", "increase");
    refused(a("--lr", "4,99@10"), "--lr 4,99@10", "s in 0..40");
    refused(a("--out-act", "poly3-mm12-monotone"), "--out-act poly3-mm12-monotone");
    TrainOptions o = TrainOptions.parse(TrainOptions.RECOMMENDED_FLAGS.split(" "));
    assertEquals(TrainOptions.recommended().configuration(), o.configuration());
    assertTrue(o.configuration().contains(" out-act=poly3-mm12-mono ") && o.configuration().contains(
        " lr=2^-6,5/2^6@300,2^-4@1500,2^-6@3000,2^-7@3600 "), o.configuration());
    io.fhe4j.party.TrainingPlan plan = o.plan(4000);
    io.fhe4j.party.TrainingPlan back = io.fhe4j.party.TrainingPlan.of(plan.toMsg());
    assertEquals(plan, back);
    assertEquals(io.fhe4j.nn.LearningRate.powerOfTwo(6), back.config(0).learningRate(299));
    assertEquals(new io.fhe4j.nn.LearningRate(5, 6), back.config(0).learningRate(300));
    assertEquals(new io.fhe4j.nn.LearningRate(5, 6), back.config(0).learningRate(1499));
    assertEquals(io.fhe4j.nn.LearningRate.powerOfTwo(4), back.config(0).learningRate(1500));
    assertEquals(io.fhe4j.nn.LearningRate.powerOfTwo(6), back.config(0).learningRate(3599));
    assertEquals(io.fhe4j.nn.LearningRate.powerOfTwo(7), back.config(0).learningRate(3600));
    // a constant rate travels as before: no schedule text, the same configuration term
    assertEquals("", TrainOptions.parse(new String[0]).plan(10).toMsg().getLrSchedule());
    assertTrue(TrainOptions.parse(new String[0]).configuration().contains(" lr=2^-5 "));
  }
}
