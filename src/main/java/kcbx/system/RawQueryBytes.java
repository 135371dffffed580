package kcbx.system;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * A request target holding raw bytes above ASCII, as curl sends {@code township=习岗镇} typed into
 * a URL, reaches the service as UTF-8 percent-encoding ({@code %E4%B9%A0...}), which is what those
 * bytes mean: RFC 3986 (and every browser) encodes a query's characters as UTF-8. Netty reads the
 * request line one byte to one char, so each char up to U+00FF here is one byte of the original
 * line and is written back as {@code %XX}; nothing else changes. Without this, Micronaut could not
 * parse such a target at all, and a body-less GET was answered "body is not well-formed JSON".
 * A query whose bytes are not UTF-8 (a GBK client) decodes to U+FFFD and is refused naming the
 * parameter by {@link Utf8Parameters}; a path with such bytes is no path of the contract (404,
 * kcbx.security.CanonicalPath).
 */
@ChannelHandler.Sharable
final class RawQueryBytes extends ChannelInboundHandlerAdapter {
    static final String NAME = "kcbx-raw-query-bytes";
    private static final RawQueryBytes INSTANCE = new RawQueryBytes();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RawQueryBytes() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String target = request.uri();
            String encoded = encode(target);
            if (!encoded.equals(target)) {
                request.setUri(encoded);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The target with every char above ASCII percent-encoded: a char up to U+00FF as the byte it stands for. */
    static String encode(String target) {
        int i = 0;
        while (i < target.length() && target.charAt(i) < 0x80) {
            i++;
        }
        if (i == target.length()) {
            return target;
        }
        StringBuilder out = new StringBuilder(target.length() * 3).append(target, 0, i);
        for (; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else if (c <= 0xFF) {
                byteOut(out, c);
            } else { // not from Netty's decoder; kept lossless all the same
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    byteOut(out, b & 0xFF);
                }
            }
        }
        return out.toString();
    }

    private static void byteOut(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    /** Puts the handler right behind each HTTP/1.1 connection's codec, before Micronaut reads the request. */
    @Singleton
    static final class Installer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
        @Override
        public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
            event.getBean().register(new OnConnection(null));
            return event.getBean();
        }
    }

    private record OnConnection(Channel channel) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new OnConnection(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && channel.pipeline().get(NAME) == null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME, INSTANCE);
            }
        }
    }
}
