package dev.podpreset.bench;

import dev.podpreset.admission.PodMutator;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.presets.PresetSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One admission without HTTP and CDI: AdmissionReview bytes in, parse, candidate lookup, engine,
 * AdmissionReview (with the base64 JSON patch) bytes out — what {@code POST /mutate} does between
 * reading the body and writing the answer, minus the log line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AdmissionBenchmark {
    /** "small": 1 container; "large": 10 containers with 50 env vars each and 20 volumes. */
    @Param({"small", "large"})
    public String pod;

    /** matching/loaded presets. */
    @Param({"1/1", "10/10", "100/100", "5/10", "5/1000", "5/10000"})
    public String presets;

    PresetSnapshot snapshot;
    BodyBytes request;

    @Setup
    public void setup() {
        snapshot = BenchData.snapshot(presets);
        request = BodyBytes.of(BenchData.request(pod));
    }

    @Benchmark
    public byte[] admission() {
        return PodMutator.answer(request, snapshot, IgnoredContainers.DEFAULT).reviewBytes();
    }
}
