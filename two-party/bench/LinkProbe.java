import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * Measures a TCP path: its round trip (one-byte ping-pongs) and its throughput each way (a bulk
 * transfer), so that a shaped link can be checked against what it was told to be. Two modes of one
 * single-file program (JDK 17 or later, not part of the Maven build):
 * <pre>
 *   java LinkProbe.java serve HOST:PORT              # answers one client at a time, until killed
 *   java LinkProbe.java measure HOST:PORT [--pings 20] [--mib 64]
 * </pre>
 * {@code measure} prints one line: the round trip (minimum, median, maximum of the pings), then for each
 * direction the transfer's time and rate, measured from the first byte to the last acknowledgment (the
 * upload) or from the request to the last byte (the download), and that rate with one median round trip
 * taken off the time (what the link sustains once the transfer runs); 8 MiB each way go first, unmeasured,
 * to warm both JVMs up. The protocol: a byte 'P' is echoed;
 * 'U' and a length in bytes precede that many bytes, answered by one byte; 'D' and a length ask the server
 * for that many bytes. Lengths are checked against 1 GiB before anything is sent. Not thread-safe; one
 * client at a time.
 */
public final class LinkProbe {
  private static final long MAX_BYTES = 1L << 30;
  private static final int CHUNK = 64 << 10;
  /** Bytes sent each way before the measured transfers, so that neither JVM measures its own warm-up. */
  private static final long WARM_UP = 8 << 20;

  public static void main(String[] args) throws IOException {
    if (args.length >= 2 && args[0].equals("serve")) {
      serve(address(args[1]));
    } else if (args.length >= 2 && args[0].equals("measure")) {
      int pings = 20;
      int mib = 64;
      for (int i = 2; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--pings" -> pings = bounded(args[i], args[i + 1], 1, 10_000);
          case "--mib" -> mib = bounded(args[i], args[i + 1], 1, 1024);
          default -> usage("unknown flag " + args[i]);
        }
      }
      if (args.length % 2 != 0) {
        usage("flag " + args[args.length - 1] + " needs a value");
      }
      measure(address(args[1]), pings, (long) mib << 20);
    } else {
      usage("expected serve HOST:PORT or measure HOST:PORT");
    }
  }

  private static void usage(String why) {
    System.err.println("LinkProbe: " + why);
    System.err.println("usage: java LinkProbe.java serve HOST:PORT | measure HOST:PORT [--pings 20] [--mib 64]");
    System.exit(2);
  }

  private static int bounded(String flag, String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    usage(flag + " " + v + " is not a whole number from " + min + " to " + max);
    return 0;
  }

  private static InetSocketAddress address(String v) {
    int colon = v.lastIndexOf(':');
    if (colon <= 0) {
      usage(v + " is not HOST:PORT");
    }
    return new InetSocketAddress(v.substring(0, colon), bounded("port", v.substring(colon + 1), 1, 65535));
  }

  private static void serve(InetSocketAddress at) throws IOException {
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(at);
      System.out.println("probe listening on " + at.getHostString() + ":" + at.getPort());
      System.out.flush();
      byte[] buffer = new byte[CHUNK];
      while (true) {
        try (Socket s = server.accept()) {
          s.setTcpNoDelay(true);
          DataInputStream in = new DataInputStream(s.getInputStream());
          OutputStream out = s.getOutputStream();
          while (true) {
            int op = in.read();
            if (op < 0) {
              break;
            }
            if (op == 'P') {
              out.write('p');
            } else if (op == 'U') {
              long n = length(in.readLong());
              while (n > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (r < 0) {
                  throw new EOFException("upload ended " + n + " bytes early");
                }
                n -= r;
              }
              out.write('u');
            } else if (op == 'D') {
              long n = length(in.readLong());
              while (n > 0) {
                int w = (int) Math.min(buffer.length, n);
                out.write(buffer, 0, w);
                n -= w;
              }
            } else {
              throw new IOException("unknown request byte " + op);
            }
            out.flush();
          }
        } catch (IOException e) {
          System.out.println("probe client: " + e.getMessage());
        }
      }
    }
  }

  private static long length(long n) throws IOException {
    if (n < 0 || n > MAX_BYTES) {
      throw new IOException("length " + n + " outside 0 to " + MAX_BYTES);
    }
    return n;
  }

  private static void measure(InetSocketAddress at, int pings, long bytes) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(at, 10_000);
      s.setTcpNoDelay(true);
      s.setSoTimeout(120_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[CHUNK];
      upload(out, in, buffer, Math.min(bytes, WARM_UP));
      download(out, in, buffer, Math.min(bytes, WARM_UP));
      double[] rtt = new double[pings];
      for (int i = 0; i < pings; i++) {
        long t0 = System.nanoTime();
        out.write('P');
        out.flush();
        expect(in, 'p');
        rtt[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(rtt);
      double median = rtt[pings / 2];
      double up = upload(out, in, buffer, bytes);
      double down = download(out, in, buffer, bytes);
      System.out.printf("round trip %.2f / %.2f / %.2f ms (min / median / max of %d); %d MiB up %.2f s"
              + " = %.0f Mbit/s (%.0f without one round trip); down %.2f s = %.0f Mbit/s (%.0f)%n",
          rtt[0], median, rtt[pings - 1], pings, bytes >> 20, up, mbit(bytes, up), mbit(bytes, up - median / 1e3),
          down, mbit(bytes, down), mbit(bytes, down - median / 1e3));
    }
  }

  /** Sends {@code bytes} and waits for the acknowledgment; returns the seconds taken. */
  private static double upload(DataOutputStream out, InputStream in, byte[] buffer, long bytes)
      throws IOException {
    long t0 = System.nanoTime();
    out.write('U');
    out.writeLong(bytes);
    for (long n = bytes; n > 0; n -= CHUNK) {
      out.write(buffer, 0, (int) Math.min(CHUNK, n));
    }
    out.flush();
    expect(in, 'u');
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Asks for {@code bytes} and reads them; returns the seconds from the request to the last byte. */
  private static double download(DataOutputStream out, InputStream in, byte[] buffer, long bytes)
      throws IOException {
    long t0 = System.nanoTime();
    out.write('D');
    out.writeLong(bytes);
    out.flush();
    for (long n = bytes; n > 0; ) {
      int r = in.read(buffer, 0, (int) Math.min(CHUNK, n));
      if (r < 0) {
        throw new EOFException("download ended " + n + " bytes early");
      }
      n -= r;
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void expect(InputStream in, int reply) throws IOException {
    int b = in.read();
    if (b != reply) {
      throw new IOException("expected reply '" + (char) reply + "', got " + b);
    }
  }

  private static double mbit(long bytes, double seconds) {
    return bytes * 8 / seconds / 1e6;
  }
}
