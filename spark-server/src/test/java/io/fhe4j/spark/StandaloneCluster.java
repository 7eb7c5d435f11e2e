package io.fhe4j.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;

/**
 * A Spark standalone cluster on loopback from the test's own class path (no Spark distribution):
 * one master and {@code workers} worker processes of {@code cores} cores each, started as in the
 * README's Scale out on Spark; {@link #close} destroys the processes it started (the workers first,
 * with the executors they launched). Not thread-safe.
 */
final class StandaloneCluster implements AutoCloseable {
  private final List<Process> started = new ArrayList<>();
  private final Path home;
  final String master;

  StandaloneCluster(Path dir, int workers, int cores) throws IOException {
    // a worker launches executors from SPARK_HOME/jars: an empty folder, the class path comes from the driver
    home = Files.createDirectories(dir.resolve("spark-home"));
    Files.createDirectories(home.resolve("jars"));
    int port = freePort();
    master = "spark://127.0.0.1:" + port;
    started.add(start(dir, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--webui-port", Integer.toString(freePort())));
    awaitListening(port);
    for (int i = 0; i < workers; i++) {
      started.add(start(dir, "worker" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--webui-port", Integer.toString(freePort()), "--cores", Integer.toString(cores), "--memory", "1g",
          "--work-dir", Files.createDirectories(dir.resolve("work" + i)).toString(), master));
    }
  }

  /** A driver's configuration for this cluster: executors with the test's class path, 512 MB each. */
  SparkConf conf(int cores) {
    return new SparkConf().setMaster(master).setAppName("fhe4j standalone test")
        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.ui.enabled", "false").set("spark.executor.memory", "512m")
        .set("spark.cores.max", Integer.toString(cores))
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector");
  }

  private Process start(Path dir, String name, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("@" + Path.of("jvm-options.txt").toAbsolutePath());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /** Destroys the executors the workers launched (processes this cluster started, indirectly): a lost executor. */
  int killExecutors() throws InterruptedException {
    int killed = 0;
    for (Process p : started) {
      for (ProcessHandle h : p.descendants().toList()) {
        if (commandLine(h).contains("CoarseGrainedExecutorBackend")) {
          h.destroyForcibly();
          try {
            h.onExit().get(30, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("executor " + h.pid() + " did not exit", e);
          }
          killed++;
        }
      }
    }
    return killed;
  }

  /** The process's command line (from /proc on Linux: ProcessHandle.Info may leave out a long one). */
  private static String commandLine(ProcessHandle h) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return h.info().commandLine().orElse("");
    }
  }

  /** The processes started and their descendants, for a failure message. */
  String processes() {
    StringBuilder b = new StringBuilder();
    for (Process p : started) {
      b.append(p.pid()).append(p.isAlive() ? " alive" : " exited").append(", children ");
      p.descendants().forEach(h -> b.append(h.pid()).append(' ').append(h.info().command().orElse("?")).append("; "));
    }
    return b.toString();
  }

  /** Waits up to 60 s for the master to listen (a driver that connects too early backs off for seconds). */
  private void awaitListening(int port) throws IOException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > end || !started.get(0).isAlive()) {
          throw new IOException("the Spark master did not listen on port " + port + " within 60 s", e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", ie);
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = started.size() - 1; i >= 0; i--) {
      Process p = started.get(i);
      List<ProcessHandle> children = p.descendants().toList();
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle c : children) {
        c.destroyForcibly();
      }
    }
  }
}
