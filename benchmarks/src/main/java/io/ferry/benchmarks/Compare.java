package io.ferry.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the benchmarks (JMH command-line options and include patterns apply) and prints, for each
 * benchmark class, Ferry's throughput beside its peer's from the same run, as a ratio. A class
 * compares like with like: one method named {@code ferry}, one named {@code peer}.
 */
public final class Compare {
    private Compare() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        Map<String, Map<String, Double>> byClass = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            int dot = name.lastIndexOf('.');
            byClass.computeIfAbsent(name.substring(0, dot), k -> new TreeMap<>())
                    .put(name.substring(dot + 1), result.getPrimaryResult().getScore());
        }
        System.out.printf(
                "%n%-50s %15s %15s %7s%n", "benchmark", "ferry ops/s", "peer ops/s", "ratio");
        byClass.forEach(
                (type, scores) -> {
                    Double ferry = scores.get("ferry");
                    Double peer = scores.get("peer");
                    if (ferry != null && peer != null) {
                        System.out.printf(
                                "%-50s %,15.0f %,15.0f %7.2f%n",
                                type.substring(type.lastIndexOf('.') + 1),
                                ferry,
                                peer,
                                ferry / peer);
                    }
                });
    }
}
