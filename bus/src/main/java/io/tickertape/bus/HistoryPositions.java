package io.tickertape.bus;

/**
 * The writer's published positions of a {@link HistoryRing}, kept on cache lines of their own so that readers
 * polling them do not share a line with the ring's other fields (padding by class hierarchy, as Agrona and the
 * Disruptor do, because the JVM may reorder fields within one class).
 */
@SuppressWarnings("unused")
abstract class HistoryPositions extends HistoryPositionsLhsPadding
{
    /** Sequence of the newest record; 0 while empty. */
    volatile long head;
    /** Sequence of the oldest record still held; {@code head + 1} while empty. */
    volatile long tail = 1;
    /** Arena position up to which the writer may be writing: bytes below {@code reserved - arenaLength} are gone. */
    volatile long reserved;
}

@SuppressWarnings("unused")
abstract class HistoryPositionsLhsPadding
{
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
}

@SuppressWarnings("unused")
abstract class HistoryPositionsRhsPadding extends HistoryPositions
{
    byte p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111, p112, p113, p114, p115;
    byte p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127, p128, p129, p130, p131;
    byte p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143, p144, p145, p146, p147;
    byte p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159, p160, p161, p162, p163;
}
