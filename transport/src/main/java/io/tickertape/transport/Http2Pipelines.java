package io.tickertape.transport;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipelines of an HTTP/2 connection: the connection's (frame codec, multiplexer) and each stream's. A stream is
 * a child channel served by the very handlers of an HTTP/1.1 connection behind Netty's codec from stream frames to
 * HTTP objects (which also drops the headers HTTP/2 forbids, {@code transfer-encoding} among them); its writability
 * is the stream's flow-control window with its own water marks, so a stream whose client does not read is paused
 * and, if it stays so, cut off, as a slow HTTP/1.1 client is, while the other streams of the connection go on.
 */
final class Http2Pipelines
{
    static final String SSE_DATA_FRAMES = "sse-data-frames";

    private Http2Pipelines()
    {
    }

    /**
     * Make the pipeline an HTTP/2 connection's.
     *
     * @param p        the connection's pipeline, after TLS and the connection limit.
     * @param context  the server's options.
     * @param requests adds the request handlers to a stream's pipeline.
     * @param faults   the handler of faults no other took.
     */
    static void connection(final ChannelPipeline p, final ServerContext context, final Consumer<ChannelPipeline> requests, final ChannelHandler faults)
    {
        // Idle only when nothing goes either way: a connection carrying a stream's heartbeats is not idle.
        p.addLast(ServerInitializer.IDLE, new IdleStateHandler(0, 0, context.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
        {
            @Override
            protected void channelIdle(final ChannelHandlerContext ctx, final IdleStateEvent evt)
            {
                ctx.close();
            }
        });
        p.addLast("h2", Http2FrameCodecBuilder.forServer()
            .initialSettings(Http2Settings.defaultSettings()
                .maxConcurrentStreams(context.http2MaxConcurrentStreams())
                .maxHeaderListSize(context.maxHeaderSize() + context.maxInitialLineLength()))
            .build());
        final WriteBufferWaterMark waterMark = new WriteBufferWaterMark(context.writeBufferLowWaterMark(), context.writeBufferHighWaterMark());
        p.addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Channel>()
        {
            @Override
            protected void initChannel(final Channel stream)
            {
                stream.config().setAllocator(PooledByteBufAllocator.DEFAULT);
                stream.config().setWriteBufferWaterMark(waterMark);
                final ChannelPipeline sp = stream.pipeline();
                sp.addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true));
                sp.addLast(SSE_DATA_FRAMES, SseDataFrames.INSTANCE);
                requests.accept(sp);
            }
        }));
        p.addLast("faults", faults);
    }

    /**
     * A stream's SSE frames are written as plain buffers (over HTTP/1.1 the codec frames them as chunks); over
     * HTTP/2 each becomes a DATA frame that does not end the stream.
     */
    @ChannelHandler.Sharable
    static final class SseDataFrames extends ChannelOutboundHandlerAdapter
    {
        static final SseDataFrames INSTANCE = new SseDataFrames();

        @Override
        public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
        {
            ctx.write(msg instanceof ByteBuf ? new DefaultHttp2DataFrame((ByteBuf)msg, false) : msg, promise);
        }
    }
}
