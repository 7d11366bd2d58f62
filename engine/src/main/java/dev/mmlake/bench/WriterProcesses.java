package dev.mmlake.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link ConcurrentWriter} processes on one lakehouse, releases them together once every
 * one has opened it, and collects what each statement did. Each process is a separate JVM on this
 * JVM's classpath ({@code java.class.path}) with the flags every mmlake JVM needs (DJL offline,
 * {@code OPT_OUT_TRACKING=true}, Arrow's {@code --add-opens}).
 */
public final class WriterProcesses {
  /** What one statement of one writer did, as its {@code STMT} line says. */
  public record Statement(String writer, int index, String kind, String status, String code,
      long count, long skipped, long startMs, long endMs, String message) {
    public long millis() {
      return endMs - startMs;
    }
  }

  /** Every statement, the commit retries each process made, and processes that failed. */
  public record Result(List<Statement> statements, long commitRetries, List<String> problems) {
    /**
     * Statements of {@code kind} ({@code ingest} or {@code insert}) per second, from the first
     * one's start to the last one's end, over all writers.
     */
    public double perSecond(String kind) {
      List<Statement> of = statements.stream().filter(s -> s.kind().equals(kind)).toList();
      long start = of.stream().mapToLong(Statement::startMs).min().orElse(0);
      long end = of.stream().mapToLong(Statement::endMs).max().orElse(0);
      return end > start ? of.size() * 1000.0 / (end - start) : 0;
    }
  }

  private WriterProcesses() {
  }

  /**
   * Runs {@code processes} writers, each doing the optional ingest of {@code samples} (null for
   * none) and {@code inserts} single-row INSERTs, all released at the same moment.
   */
  public static Result run(Path home, int processes, int inserts, Path samples, Duration timeout)
      throws IOException, InterruptedException {
    return run(home, processes, inserts, samples, timeout, () -> { });
  }

  /**
   * As {@link #run(Path, int, int, Path, Duration)}, calling {@code released} right after the
   * writers were told to start (e.g. to start a load that must overlap their statements).
   */
  public static Result run(Path home, int processes, int inserts, Path samples, Duration timeout,
      Runnable released) throws IOException, InterruptedException {
    List<Process> started = new ArrayList<>();
    List<List<String>> outputs = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(processes);
    List<Thread> readers = new ArrayList<>();
    try {
      for (int p = 0; p < processes; p++) {
        Process proc = start(home, "writer-" + p, inserts, samples);
        started.add(proc);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        outputs.add(lines);
        readers.add(readLines(proc, lines, ready));
      }
      if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Writers did not open the lakehouse within " + timeout
            + "; output: " + outputs);
      }
      for (Process proc : started) {
        OutputStream in = proc.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
      }
      released.run();
      List<String> problems = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      for (int p = 0; p < processes; p++) {
        Process proc = started.get(p);
        long left = Math.max(1, deadline - System.nanoTime());
        if (!proc.waitFor(left, TimeUnit.NANOSECONDS)) {
          problems.add("writer-" + p + " did not finish within " + timeout);
        } else if (proc.exitValue() != 0) {
          problems.add("writer-" + p + " exited with " + proc.exitValue());
        }
        readers.get(p).join(TimeUnit.SECONDS.toMillis(10));
      }
      return parse(outputs, problems);
    } finally {
      started.forEach(Process::destroyForcibly);
    }
  }

  private static Process start(Path home, String writer, int inserts, Path samples)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dai.djl.offline=true", "-Dai.djl.default_engine=OnnxRuntime",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        ConcurrentWriter.class.getName(), home.toString(), writer, String.valueOf(inserts)));
    if (samples != null) {
      cmd.add(samples.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("OPT_OUT_TRACKING", "true");
    return pb.start();
  }

  private static Thread readLines(Process proc, List<String> lines, CountDownLatch ready) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
          if (line.startsWith("READY|")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        lines.add("output lost: " + e);
      }
    }, "writer-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Result parse(List<List<String>> outputs, List<String> problems) {
    List<Statement> statements = new ArrayList<>();
    long retries = 0;
    for (List<String> lines : outputs) {
      boolean done = false;
      for (String line : List.copyOf(lines)) {
        String[] f = line.split("\\|", -1);
        if (f[0].equals("STMT")) {
          statements.add(new Statement(f[1], Integer.parseInt(f[2]), f[3], f[4], f[5],
              Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
              Long.parseLong(f[9]), f.length > 10 ? f[10] : ""));
        } else if (f[0].equals("DONE")) {
          retries += Long.parseLong(f[2]);
          done = true;
        }
      }
      if (!done) {
        problems.add("a writer ended without DONE; its output: " + String.join(" / ",
            lines.subList(Math.max(0, lines.size() - 15), lines.size())));
      }
    }
    return new Result(statements, retries, problems);
  }
}
