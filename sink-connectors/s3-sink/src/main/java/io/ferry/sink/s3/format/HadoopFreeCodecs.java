package io.ferry.sink.s3.format;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop: parquet-java's own codec factory loads Hadoop's
 * compressors even for uncompressed files, and Hadoop is kept out of the plugin. Snappy and zstd
 * come with parquet-hadoop; gzip is the JDK's.
 */
public final class HadoopFreeCodecs implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                byte[] input = bytes.toByteArray();
                return BytesInput.from(
                        switch (codec) {
                            case UNCOMPRESSED -> input;
                            case SNAPPY -> Snappy.compress(input);
                            case ZSTD -> Zstd.compress(input, 3);
                            case GZIP -> gzip(input);
                            default -> throw new IOException("codec not supported: " + codec);
                        });
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int size) throws IOException {
                byte[] input = bytes.toByteArray();
                return BytesInput.from(
                        switch (codec) {
                            case UNCOMPRESSED -> input;
                            case SNAPPY -> Snappy.uncompress(input);
                            case ZSTD -> Zstd.decompress(input, size);
                            case GZIP -> gunzip(input);
                            default -> throw new IOException("codec not supported: " + codec);
                        });
            }

            @Override
            public void decompress(
                    ByteBuffer input, int compressedSize, ByteBuffer output, int size)
                    throws IOException {
                byte[] bytes = new byte[compressedSize];
                input.get(bytes);
                output.put(decompress(BytesInput.from(bytes), size).toByteArray());
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public void release() {}

    private static byte[] gzip(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 16);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(input);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] input) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
            return in.readAllBytes();
        }
    }
}
