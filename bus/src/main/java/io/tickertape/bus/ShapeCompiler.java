package io.tickertape.bus;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARRAYLENGTH;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IF_ICMPGT;
import static org.objectweb.asm.Opcodes.IF_ICMPNE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import tools.jackson.core.io.NumberOutput;

/**
 * Makes a {@link ShapeWriter} for one payload shape: the sequence of the payload's tags and member name ids (see
 * {@link PayloadCodec}), each value given as {@code tag | id << 8}.
 * <p>
 * The class is generated as bytecode (ASM) and defined as a hidden class beside this one, because what makes a
 * writer for one shape fast is what only compiled code gets: its text as constants written a word at a time, no
 * dispatch on each member's kind and no loop. The same text kept as data and walked by a general loop (a template)
 * measured slower than the general writer. The generated method is straight-line code. Bounds and room are checked
 * once per stretch between strings (a string's length is known only when it is read), so that every read and
 * write up to the next string stays inside the payload and the room:
 * <pre>
 *   if (at &lt; 0 || start &lt; 0 || limit > b.length || end > p.length || slotEnd > p.length) return MISMATCH;
 *   if (pos + fixed bytes up to the first string's length > end) return MISMATCH;
 *   if (o + room up to the first string > limit) return MISMATCH;
 *   per value: if (tag and name id at pos != expected) return MISMATCH;
 *     STRING:       len = length at pos; pos += fixed;
 *                   if (pos + len + fixed bytes up to the next string's length > end) return MISMATCH;
 *                   if (o + text + len + 8 + room up to the next string > limit) return MISMATCH;
 *                   text; [json.noteKey(key, pos, len);]
 *                   o = PayloadJson.stringContentInRange(..., limit - room up to the next string); pos += len
 *     LONG, DOUBLE: text; o = number; pos += fixed
 *     otherwise:    pos += fixed                                   its text joins the next piece of text
 * </pre>
 * then {@code pos == end}, the closing text, and {@code o}. With the first check, the others keep every word read or
 * written inside its array, so those word moves are made without a bounds check each. "text" is the constant bytes
 * since the last value written (for example {@code ","symbol":"}), stored eight at a time from constants; words may
 * run past the text, inside the room checked, and are overwritten by what follows. It writes exactly what {@link PayloadJson}'s general
 * writer writes for the same payload, which {@code ShapeWriterTest} checks.
 */
final class ShapeCompiler
{
    /** Most values a shape may have to get a writer: the method must stay small enough for the JIT to compile. */
    static final int MAX_VALUES = 48;
    /** Most bytes of text a shape may have to get a writer, for the same reason. */
    static final int MAX_TEXT = 1024;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String WRITER = Type.getInternalName(ShapeWriter.class);
    private static final String CODEC = Type.getInternalName(PayloadCodec.class);
    private static final String JSON = Type.getInternalName(PayloadJson.class);
    private static final String WRITE_DESCRIPTOR = "(L" + JSON + ";[BII[BIII)I";
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    // The generated method's locals: its arguments (o is 'at', moved along), then len.
    private static final int JSON_ARG = 1;
    private static final int B = 2;
    private static final int O = 3;
    private static final int LIMIT = 4;
    private static final int P = 5;
    private static final int POS = 6;
    private static final int END = 7;
    private static final int SLOT_END = 8;
    private static final int LEN = 9;

    private ShapeCompiler()
    {
    }

    /**
     * Whether a shape can get a writer: no inline names, not too many values, not too much text.
     *
     * @param values the shape.
     * @param count  how many of {@code values} are the shape.
     * @return true if {@link #compile} takes it.
     */
    static boolean compilable(final int[] values, final int count)
    {
        if (count > MAX_VALUES)
        {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < count; i++)
        {
            final int tag = values[i] & 0xFF;
            final int kind = tag & PayloadCodec.KIND_MASK;
            if ((tag & PayloadCodec.INLINE_NAME) != 0 || kind < PayloadCodec.LONG || kind > PayloadCodec.END ||
                (kind == PayloadCodec.END && tag != PayloadCodec.END))
            {
                return false;
            }
            if (kind == PayloadCodec.OBJECT || kind == PayloadCodec.ARRAY)
            {
                depth++;
            }
            else if (kind == PayloadCodec.END && --depth < 0)
            {
                return false;
            }
        }
        return depth < PayloadCodec.MAX_DEPTH;
    }

    /**
     * Make the writer for a shape.
     *
     * @param values the shape, {@link #compilable}.
     * @param json   the writer whose rendered member names the text uses (every id in the shape rendered).
     * @return the writer.
     * @throws ReflectiveOperationException if the JVM refuses the class.
     * @throws IllegalArgumentException if the shape's text is longer than {@link #MAX_TEXT}.
     */
    static ShapeWriter compile(final int[] values, final PayloadJson json) throws ReflectiveOperationException
    {
        final ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, WRITER + "$Compiled", null, WRITER, null);
        final MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, WRITER, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        final MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "write", WRITE_DESCRIPTOR, null, null);
        mv.visitCode();
        new Body(mv, json).values(values);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();

        final Class<?> type = LOOKUP.defineHiddenClass(cw.toByteArray(), true).lookupClass();
        return (ShapeWriter)type.getDeclaredConstructor().newInstance();
    }

    /** The generated method's body: the shape's steps worked out first, then emitted. */
    private static final class Body
    {
        private final MethodVisitor mv;
        private final PayloadJson json;
        private final Label mismatch = new Label();
        private final List<Step> steps = new ArrayList<>();
        private byte[] closing;

        Body(final MethodVisitor mv, final PayloadJson json)
        {
            this.mv = mv;
            this.json = json;
        }

        void values(final int[] values)
        {
            plan(values);
            // if (at < 0 || start < 0 || limit > b.length || end > p.length) return MISMATCH. With this, the checks of
            // each stretch below keep every word read and written inside its array, so those are made without a bounds
            // check of their own (the checks, one per word, were a measurable part of the collector's time).
            mv.visitVarInsn(ILOAD, O);
            mv.visitJumpInsn(IFLT, mismatch);
            mv.visitVarInsn(ILOAD, POS);
            mv.visitJumpInsn(IFLT, mismatch);
            mv.visitVarInsn(ILOAD, LIMIT);
            mv.visitVarInsn(ALOAD, B);
            mv.visitInsn(ARRAYLENGTH);
            mv.visitJumpInsn(IF_ICMPGT, mismatch);
            mv.visitVarInsn(ILOAD, END);
            mv.visitVarInsn(ALOAD, P);
            mv.visitInsn(ARRAYLENGTH);
            mv.visitJumpInsn(IF_ICMPGT, mismatch);
            // if (slotEnd > p.length) return MISMATCH: a string's last word may be read up to the slot's end.
            mv.visitVarInsn(ILOAD, SLOT_END);
            mv.visitVarInsn(ALOAD, P);
            mv.visitInsn(ARRAYLENGTH);
            mv.visitJumpInsn(IF_ICMPGT, mismatch);
            // Before the first string: its fixed bytes and what comes before it are in the payload and the room.
            boundsCheck(false, fixedUntilString(0));
            roomCheck(0, false, roomUntilString(0));
            for (int i = 0; i < steps.size(); i++)
            {
                final Step step = steps.get(i);
                tagCheck(step);
                switch (step.kind)
                {
                    case PayloadCodec.STRING -> string(step, i);
                    case PayloadCodec.LONG, PayloadCodec.DOUBLE -> number(step);
                    default -> advance(step.fixed);
                }
            }
            // if (pos != end) return MISMATCH; the closing text; return o
            mv.visitVarInsn(ILOAD, POS);
            mv.visitVarInsn(ILOAD, END);
            mv.visitJumpInsn(IF_ICMPNE, mismatch);
            text(closing);
            mv.visitVarInsn(ILOAD, O);
            mv.visitInsn(IRETURN);
            mv.visitLabel(mismatch);
            push(ShapeWriter.MISMATCH);
            mv.visitInsn(IRETURN);
        }

        /** The steps, each string's and number's text before it, and the closing text. */
        private void plan(final int[] values)
        {
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            long arrayBits = 0;
            long firstBits = 1; // bit d: the next value at depth d is the first in its container
            int depth = 0;
            int textTotal = 0;
            text.write('{');
            for (final int value : values)
            {
                final int tag = value & 0xFF;
                final int kind = tag & PayloadCodec.KIND_MASK;
                final boolean keyed = (tag & PayloadCodec.KEYED) != 0;
                final Step step = new Step(value, kind, keyed ? 3 : 1);
                steps.add(step);
                if (kind == PayloadCodec.END)
                {
                    text.write((arrayBits & (1L << depth)) != 0 ? ']' : '}');
                    arrayBits &= ~(1L << depth);
                    depth--;
                    continue;
                }
                if ((firstBits & (1L << depth)) != 0)
                {
                    firstBits &= ~(1L << depth);
                }
                else
                {
                    text.write(',');
                }
                if (keyed)
                {
                    text.writeBytes(json.renderedName(value >>> 8));
                }
                switch (kind)
                {
                    case PayloadCodec.STRING ->
                    {
                        text.write('"');
                        step.fixed += 2;
                        step.key = keyed && depth == 0 ? json.keyOfName(value >>> 8) : 0;
                        step.text = text.toByteArray();
                        text.reset();
                        text.write('"');
                    }
                    case PayloadCodec.LONG, PayloadCodec.DOUBLE ->
                    {
                        step.fixed += Long.BYTES;
                        step.text = text.toByteArray();
                        text.reset();
                    }
                    case PayloadCodec.TRUE -> text.writeBytes(TRUE);
                    case PayloadCodec.FALSE -> text.writeBytes(FALSE);
                    case PayloadCodec.NULL -> text.writeBytes(NULL);
                    case PayloadCodec.OBJECT, PayloadCodec.ARRAY ->
                    {
                        depth++;
                        firstBits |= 1L << depth;
                        arrayBits |= kind == PayloadCodec.ARRAY ? 1L << depth : 0;
                        text.write(kind == PayloadCodec.ARRAY ? '[' : '{');
                    }
                    default -> throw new IllegalArgumentException("not a shape's tag: " + tag);
                }
                textTotal += null == step.text ? 0 : step.text.length;
            }
            for (; depth > 0; depth--)
            {
                text.write((arrayBits & (1L << depth)) != 0 ? ']' : '}');
            }
            text.write('}');
            closing = text.toByteArray();
            if (textTotal + closing.length > MAX_TEXT)
            {
                throw new IllegalArgumentException("shape's text is longer than " + MAX_TEXT + " bytes");
            }
        }

        /** The payload bytes of the steps from {@code from} up to and including the next string's tag and length. */
        private int fixedUntilString(final int from)
        {
            int bytes = 0;
            for (int i = from; i < steps.size(); i++)
            {
                bytes += steps.get(i).fixed;
                if (steps.get(i).kind == PayloadCodec.STRING)
                {
                    break;
                }
            }
            return bytes;
        }

        /**
         * The room the steps from {@code from} up to the next string take: each number's text (padded) and digits;
         * with no string after them, the closing text. The next string's own text is in its own check.
         */
        private int roomUntilString(final int from)
        {
            int bytes = 0;
            for (int i = from; i < steps.size(); i++)
            {
                final Step step = steps.get(i);
                if (step.kind == PayloadCodec.STRING)
                {
                    return bytes;
                }
                if (null != step.text)
                {
                    bytes += padded(step.text.length) + PayloadJson.SCALAR_ROOM;
                }
            }
            return bytes + padded(closing.length);
        }

        /** if (tag at pos != value) return MISMATCH: the bounds were checked before. */
        private void tagCheck(final Step step)
        {
            mv.visitVarInsn(ALOAD, P);
            mv.visitVarInsn(ILOAD, POS);
            if (step.tagBytes == 1)
            {
                mv.visitMethodInsn(INVOKESTATIC, WRITER, "tag", "([BI)I", false);
            }
            else if (step.fixed > step.tagBytes)
            {
                // A body follows the tag and name id: a four-byte read stays inside the payload.
                mv.visitMethodInsn(INVOKESTATIC, CODEC, "getIntInCheckedRange", "([BI)I", false);
                push(0xFFFFFF);
                mv.visitInsn(IAND);
            }
            else
            {
                mv.visitMethodInsn(INVOKESTATIC, WRITER, "keyedTag", "([BI)I", false);
            }
            push(step.value);
            mv.visitJumpInsn(IF_ICMPNE, mismatch);
        }

        private void string(final Step step, final int index)
        {
            // len = getUnsignedShort(p, pos + tagBytes); pos += fixed
            pushPayloadAt(step.tagBytes);
            mv.visitMethodInsn(INVOKESTATIC, CODEC, "getUnsignedShort", "([BI)I", false);
            mv.visitVarInsn(ISTORE, LEN);
            advance(step.fixed);
            // The string and what follows it up to the next string's length are in the payload; its text, its
            // content and a word (stringContent's contract), and what follows it up to the next string, in the room.
            // An escaped string is longer than len: stringContent is given the room less what follows it.
            final int following = roomUntilString(index + 1);
            boundsCheck(true, fixedUntilString(index + 1));
            roomCheck(padded(step.text.length) + Long.BYTES, true, following);
            text(step.text);
            if (step.key != 0)
            {
                mv.visitVarInsn(ALOAD, JSON_ARG);
                push(step.key);
                mv.visitVarInsn(ILOAD, POS);
                mv.visitVarInsn(ILOAD, LEN);
                mv.visitMethodInsn(INVOKEVIRTUAL, JSON, "noteKey", "(III)V", false);
            }
            // o = PayloadJson.stringContentInRange(p, pos, len, slotEnd, b, o, limit); if (o < 0) return MISMATCH
            mv.visitVarInsn(ALOAD, P);
            mv.visitVarInsn(ILOAD, POS);
            mv.visitVarInsn(ILOAD, LEN);
            mv.visitVarInsn(ILOAD, SLOT_END);
            mv.visitVarInsn(ALOAD, B);
            mv.visitVarInsn(ILOAD, O);
            mv.visitVarInsn(ILOAD, LIMIT);
            push(following);
            mv.visitInsn(ISUB);
            mv.visitMethodInsn(INVOKESTATIC, JSON, "stringContentInRange", "([BIII[BII)I", false);
            mv.visitVarInsn(ISTORE, O);
            mv.visitVarInsn(ILOAD, O);
            mv.visitJumpInsn(IFLT, mismatch);
            // pos += len
            mv.visitVarInsn(ILOAD, POS);
            mv.visitVarInsn(ILOAD, LEN);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, POS);
        }

        private void number(final Step step)
        {
            text(step.text);
            pushPayloadAt(step.tagBytes);
            mv.visitMethodInsn(INVOKESTATIC, CODEC, "getLongInCheckedRange", "([BI)J", false);
            if (step.kind == PayloadCodec.DOUBLE)
            {
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
                mv.visitVarInsn(ALOAD, B);
                mv.visitVarInsn(ILOAD, O);
                mv.visitMethodInsn(INVOKESTATIC, JSON, "writeDouble", "(D[BI)I", false);
            }
            else
            {
                mv.visitVarInsn(ALOAD, B);
                mv.visitVarInsn(ILOAD, O);
                mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(NumberOutput.class), "outputLong", "(J[BI)I", false);
            }
            mv.visitVarInsn(ISTORE, O);
            advance(step.fixed);
        }

        /** if (pos [+ len] + bytes > end) return MISMATCH */
        private void boundsCheck(final boolean withLen, final int bytes)
        {
            mv.visitVarInsn(ILOAD, POS);
            if (withLen)
            {
                mv.visitVarInsn(ILOAD, LEN);
                mv.visitInsn(IADD);
            }
            push(bytes);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ILOAD, END);
            mv.visitJumpInsn(IF_ICMPGT, mismatch);
        }

        /** if (o + bytes [+ len] + more > limit) return MISMATCH */
        private void roomCheck(final int bytes, final boolean withLen, final int more)
        {
            mv.visitVarInsn(ILOAD, O);
            push(bytes + more);
            mv.visitInsn(IADD);
            if (withLen)
            {
                mv.visitVarInsn(ILOAD, LEN);
                mv.visitInsn(IADD);
            }
            mv.visitVarInsn(ILOAD, LIMIT);
            mv.visitJumpInsn(IF_ICMPGT, mismatch);
        }

        /** The text at o, a word at a time from constants (little-endian, as PayloadCodec.putLong stores), o past it. */
        private void text(final byte[] bytes)
        {
            for (int i = 0; i < bytes.length; i += Long.BYTES)
            {
                long word = 0;
                for (int k = Math.min(Long.BYTES, bytes.length - i) - 1; k >= 0; k--)
                {
                    word = word << 8 | (bytes[i + k] & 0xFF);
                }
                mv.visitVarInsn(ALOAD, B);
                mv.visitVarInsn(ILOAD, O);
                if (i > 0)
                {
                    push(i);
                    mv.visitInsn(IADD);
                }
                mv.visitLdcInsn(word);
                mv.visitMethodInsn(INVOKESTATIC, CODEC, "putLongInCheckedRange", "([BIJ)V", false);
            }
            if (bytes.length > 0)
            {
                mv.visitIincInsn(O, bytes.length);
            }
        }

        /** Push {@code p, pos + offset}: where a value's body is, past its tag and name id. */
        private void pushPayloadAt(final int offset)
        {
            mv.visitVarInsn(ALOAD, P);
            mv.visitVarInsn(ILOAD, POS);
            push(offset);
            mv.visitInsn(IADD);
        }

        private void advance(final int bytes)
        {
            mv.visitIincInsn(POS, bytes);
        }

        private void push(final int value)
        {
            mv.visitLdcInsn(value);
        }

        private static int padded(final int bytes)
        {
            return (bytes + Long.BYTES - 1) & -Long.BYTES;
        }
    }

    /** One value of the shape, as the generated code reads it. */
    private static final class Step
    {
        final int value;
        final int kind;
        final int tagBytes;
        /** Its bytes in the payload but a string's content: tag, name id, a string's length, a number. */
        int fixed;
        /** A top-level string's key ({@link PayloadJson#noteKey}), else 0. */
        int key;
        /** For a string or a number: the text before it, since the last one. */
        byte[] text;

        Step(final int value, final int kind, final int tagBytes)
        {
            this.value = value;
            this.kind = kind;
            this.tagBytes = tagBytes;
            this.fixed = tagBytes;
        }
    }
}
