import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP byte relay that adds a one-way delay to each direction: the user-space stand-in for
 * {@code tc netem delay} on a kernel without {@code sch_netem}. It listens on one address and, for each
 * connection it accepts, opens one to the target and copies bytes both ways unchanged (a TLS session
 * passes through it as it is). Every chunk it reads is stamped with its arrival time and written on,
 * in order, {@code delay} later; with {@code --rate} it also serializes each direction at that many
 * bits per second before the delay (a rate-limited link of that propagation delay), for hosts without
 * {@code tbf}; it paces the payload, so the goodput is the rate itself, about 4 % above what {@code tbf}
 * leaves once TCP/IP headers are paid.
 *
 * <p>Memory is bounded: each direction holds at most {@code --buffer-mib} MiB in flight (the reader
 * stops reading, so TCP flow control holds the sender back), and at most {@code --max-connections}
 * connections are relayed at once (further ones are closed at once). A reset or error on either side
 * closes both sockets without delay. Each connection runs four platform threads (a reader and a
 * writer per direction); the relay keeps no state between connections.
 *
 * <p>Not part of the Maven build: run it as a single source file on JDK 17 or later,
 * {@code java DelayRelay.java --listen 10.200.0.1:7443 --to 10.200.1.1:7443 --delay-ms 5}. Prints
 * one line when listening and one per closed connection (bytes each way, the most bytes queued, and
 * how many chunks the relay itself wrote more than 1 ms late: after both their due time and the end of
 * the previous write, so that a receiver which does not read is not counted against the relay).
 */
public final class DelayRelay {
  private static final String USAGE = String.join("\n",
      "usage: java DelayRelay.java --listen HOST:PORT --to HOST:PORT --delay-ms D [--rate R]",
      "       [--buffer-mib 16] [--max-connections 4]",
      "",
      "  --listen HOST:PORT     where to accept connections",
      "  --to HOST:PORT         where to forward each one",
      "  --delay-ms D           one-way delay added to each direction, milliseconds (0 to 10000; the",
      "                         round trip grows by 2 D)",
      "  --rate R               also serialize each direction's payload at R bits/s (e.g. 100mbit,",
      "                         1gbit; TCP/IP headers are not counted); default: no pacing (shape",
      "                         the rate with tc tbf instead)",
      "  --buffer-mib 16        most bytes in flight per direction, MiB (1 to 1024); must exceed",
      "                         rate x delay or it caps the throughput",
      "  --max-connections 4    connections relayed at once (1 to 64)");

  private static final int CHUNK_BYTES = 64 << 10;

  /** The chunk that marks the end of a direction's stream (compared by identity). */
  private static final byte[] END = new byte[0];

  /** The relay's settings, validated. */
  record Options(InetSocketAddress listen, InetSocketAddress target, long delayNanos,
      long bitsPerSecond, long bufferBytes, int maxConnections) {}

  /** A command-line error: the message names the flag, the value and what is allowed. */
  static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = parse(args);
    } catch (UsageException e) {
      System.err.println("DelayRelay: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    AtomicInteger active = new AtomicInteger();
    AtomicInteger ids = new AtomicInteger();
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(o.listen());
      System.out.printf("relay listening on %s -> %s, one-way delay %.3f ms each direction, %s, buffer %d MiB"
          + " per direction%n", text(o.listen()), text(o.target()), o.delayNanos() / 1e6,
          o.bitsPerSecond() == 0 ? "rate not paced" : "rate " + o.bitsPerSecond() + " bit/s",
          o.bufferBytes() >> 20);
      System.out.flush();
      while (true) {
        Socket client = server.accept();
        if (active.incrementAndGet() > o.maxConnections()) {
          active.decrementAndGet();
          System.out.println("refused a connection from " + client.getRemoteSocketAddress()
              + ": already " + o.maxConnections() + " (--max-connections)");
          client.close();
          continue;
        }
        int id = ids.incrementAndGet();
        Thread t = new Thread(() -> {
          try {
            relay(id, client, o);
          } finally {
            active.decrementAndGet();
          }
        }, "relay-" + id);
        t.setDaemon(true);
        t.start();
      }
    }
  }

  static Options parse(String[] args) {
    String listen = null;
    String target = null;
    String delay = null;
    long rate = 0;
    long buffer = 16;
    int max = 4;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new UsageException(flag + " needs a value");
      }
      String v = args[++i];
      switch (flag) {
        case "--listen" -> listen = v;
        case "--to" -> target = v;
        case "--delay-ms" -> delay = v;
        case "--rate" -> rate = rate(v);
        case "--buffer-mib" -> buffer = number(flag, v, 1, 1024);
        case "--max-connections" -> max = (int) number(flag, v, 1, 64);
        default -> throw new UsageException("unknown flag " + flag);
      }
    }
    if (listen == null || target == null || delay == null) {
      throw new UsageException("--listen, --to and --delay-ms are required");
    }
    double ms;
    try {
      ms = Double.parseDouble(delay);
    } catch (NumberFormatException e) {
      throw new UsageException("--delay-ms " + delay + " is not a number of milliseconds");
    }
    if (!(ms >= 0 && ms <= 10_000)) {
      throw new UsageException("--delay-ms " + delay + " is outside 0 to 10000");
    }
    return new Options(address("--listen", listen), address("--to", target), Math.round(ms * 1e6), rate,
        buffer << 20, max);
  }

  private static long number(String flag, String v, long min, long max) {
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(flag + " " + v + " is not a whole number from " + min + " to " + max);
  }

  /** Parses 100mbit, 1gbit, 500kbit or a plain number of bits per second (1 kbit/s to 100 Gbit/s). */
  static long rate(String v) {
    String s = v.toLowerCase();
    long unit = 1;
    for (String[] u : new String[][] {{"gbit", "1000000000"}, {"mbit", "1000000"}, {"kbit", "1000"},
        {"bit", "1"}}) {
      if (s.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    try {
      double bits = Double.parseDouble(s) * unit;
      if (bits >= 1000 && bits <= 100e9) {
        return Math.round(bits);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--rate " + v + " is not a rate from 1kbit to 100gbit (e.g. 100mbit, 1gbit)");
  }

  private static InetSocketAddress address(String flag, String v) {
    int colon = v.lastIndexOf(':');
    if (colon <= 0) {
      throw new UsageException(flag + " " + v + " is not HOST:PORT");
    }
    int port = (int) number(flag + " port", v.substring(colon + 1), 1, 65535);
    return new InetSocketAddress(v.substring(0, colon), port);
  }

  private static String text(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** Relays one accepted connection until both directions have ended or either side fails. */
  private static void relay(int id, Socket client, Options o) {
    try (client; Socket upstream = new Socket()) {
      try {
        upstream.connect(o.target(), 10_000);
      } catch (IOException e) {
        System.out.println("connection " + id + ": cannot reach " + text(o.target()) + ": " + e.getMessage());
        return;
      }
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      Link up = new Link(o);
      Link down = new Link(o);
      Thread[] threads = {
          new Thread(() -> up.read(client, upstream), "relay-" + id + "-up-read"),
          new Thread(() -> up.write(upstream, client), "relay-" + id + "-up-write"),
          new Thread(() -> down.read(upstream, client), "relay-" + id + "-down-read"),
          new Thread(() -> down.write(client, upstream), "relay-" + id + "-down-write")};
      for (Thread t : threads) {
        t.setDaemon(true);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      System.out.println("connection " + id + " closed: " + up.summary("in -> out") + "; "
          + down.summary("out -> in"));
    } catch (IOException e) {
      System.out.println("connection " + id + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One direction of a connection: a FIFO of stamped chunks between a reader and a writer, at most
   * {@code bufferBytes} of buffers queued (one chunk more if a single chunk exceeds it). {@link #END} marks the
   * end of the stream. Thread-safe (its methods synchronize on it).
   */
  static final class Link {
    /** Bytes {@code data[0, length)} to write at {@code due} (System.nanoTime). */
    private record Chunk(byte[] data, int length, long due) {}

    private final long delayNanos;
    private final long bitsPerSecond;
    private final long capacity;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** Full-size buffers written and free for the reader again (at most capacity / CHUNK_BYTES + 2). */
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private long queued;
    private long serializedUntil;
    private boolean failed;
    private String error;
    private long bytes;
    private long peak;
    private long written;
    private long late;
    private long worstLateNanos;

    Link(Options o) {
      this.delayNanos = o.delayNanos();
      this.bitsPerSecond = o.bitsPerSecond();
      this.capacity = o.bufferBytes();
    }

    /**
     * Reads from {@code in} until its end, stamping each chunk; on an error closes both sockets. A read
     * of at least half a buffer is queued in the buffer itself (recycled once written, so that a bulk
     * transfer makes no garbage for the collector to pause on); a smaller one is copied to its size.
     */
    void read(Socket in, Socket out) {
      try {
        InputStream s = in.getInputStream();
        while (true) {
          byte[] buffer = buffer();
          int n = s.read(buffer);
          long now = System.nanoTime();
          byte[] data = buffer;
          if (n < CHUNK_BYTES / 2) {
            data = n < 0 ? END : Arrays.copyOf(buffer, n);
            recycle(buffer);
          }
          if (!put(data, Math.max(n, 0), now) || n < 0) {
            return;
          }
        }
      } catch (IOException | InterruptedException e) {
        fail(in, out, "reading: " + e);
      }
    }

    /** Writes each chunk to {@code out} at its due time; at the end of the stream half-closes it. */
    void write(Socket out, Socket in) {
      try {
        OutputStream s = out.getOutputStream();
        long lastWriteEnd = 0;
        while (true) {
          Chunk chunk;
          synchronized (this) {
            while (chunks.isEmpty() && !failed) {
              wait();
            }
            if (failed) {
              return;
            }
            chunk = chunks.peekFirst();
          }
          long at = chunk.due();
          for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          // the relay's own lateness: time lost after the due time and after the previous write returned
          // (a write blocked by a receiver that does not read is the receiver's delay, not the relay's)
          long lateness = System.nanoTime() - Math.max(at, lastWriteEnd);
          if (chunk.data() == END) {
            out.shutdownOutput();
            return;
          }
          s.write(chunk.data(), 0, chunk.length());
          lastWriteEnd = System.nanoTime();
          synchronized (this) {
            chunks.removeFirst();
            queued -= chunk.data().length;
            if (chunk.data().length == CHUNK_BYTES) {
              free.addLast(chunk.data());
            }
            written++;
            if (lateness > 1_000_000) {
              late++;
            }
            worstLateNanos = Math.max(worstLateNanos, lateness);
            notifyAll();
          }
        }
      } catch (IOException | InterruptedException e) {
        fail(in, out, "writing: " + e);
      }
    }

    private synchronized byte[] buffer() {
      byte[] b = free.pollFirst();
      return b != null ? b : new byte[CHUNK_BYTES];
    }

    private synchronized void recycle(byte[] buffer) {
      free.addLast(buffer);
    }

    /**
     * Queues {@code length} bytes of {@code data} ({@link #END}: the end) due after the delay, counting
     * the whole array against the capacity; false if the link has failed.
     */
    private synchronized boolean put(byte[] data, int length, long arrival) throws InterruptedException {
      int size = data.length;
      while (!failed && queued > 0 && queued + size > capacity) {
        wait();
      }
      if (failed) {
        return false;
      }
      long sent = arrival;
      if (bitsPerSecond > 0) {
        long start = Math.max(arrival, serializedUntil);
        serializedUntil = start + (long) (length * 8e9 / bitsPerSecond);
        sent = serializedUntil;
      }
      chunks.addLast(new Chunk(data, length, sent + delayNanos));
      queued += size;
      bytes += length;
      peak = Math.max(peak, queued);
      notifyAll();
      return true;
    }

    private void fail(Socket a, Socket b, String why) {
      synchronized (this) {
        failed = true;
        error = why;
        notifyAll();
      }
      try {
        a.close();
        b.close();
      } catch (IOException ignored) {
        // closing is all that is left to do
      }
    }

    synchronized String summary(String name) {
      return String.format("%s %d bytes, most queued %d, %d of %d chunks late > 1 ms (worst %.1f ms)%s",
          name, bytes, peak, late, written, worstLateNanos / 1e6, error == null ? "" : ", ended " + error);
    }
  }
}
