import ParleyDomain
import Testing

@Suite("Delivery sequencing")
struct DeliveryCursorTests {
    @Test("in-order live messages are delivered once")
    func inOrder() {
        var cursor = DeliveryCursor(lastSeen: 0)
        #expect(cursor.offer(1) == .deliver)
        #expect(cursor.offer(2) == .deliver)
        #expect(cursor.offer(2) == .skip)
        #expect(cursor.offer(1) == .skip)
    }

    @Test("a gap starts a catch-up; live messages are skipped until it covers them")
    func gap() {
        var cursor = DeliveryCursor(lastSeen: 3)
        #expect(cursor.offer(6) == .catchUp(from: 4))
        #expect(cursor.offer(7) == .skip)
        let r1 = cursor.offerStored(4); #expect(r1)
        let r2 = cursor.offerStored(5); #expect(r2)
        let r3 = cursor.offerStored(6); #expect(r3)
        let r4 = cursor.offerStored(5); #expect(!r4)
        // The conversation moved to 7 meanwhile: one more read from 7.
        #expect(cursor.finishCatchUp(newest: 7) == 7)
        let r5 = cursor.offerStored(7); #expect(r5)
        #expect(cursor.finishCatchUp(newest: 7) == nil)
        #expect(cursor.offer(8) == .deliver)
    }

    @Test("a topic-filtered read covers the other topics' numbers")
    func coveredByTopicRead() {
        var cursor = DeliveryCursor(lastSeen: 0)
        cursor.beginCatchUp()
        let r6 = cursor.offerStored(2); #expect(r6)
        cursor.covered(upTo: 9)
        #expect(cursor.finishCatchUp(newest: 9) == nil)
        #expect(cursor.offer(10) == .deliver)
    }

    @Test("the rate limiter refills over time and counts strikes")
    func rateLimiter() {
        var limiter = RateLimiter(rate: 2, burst: 2, now: 0)
        let r7 = limiter.allow(now: 0); #expect(r7)
        let r8 = limiter.allow(now: 0); #expect(r8)
        let r9 = limiter.allow(now: 0); #expect(!r9)
        #expect(limiter.strikes == 1)
        let r10 = limiter.allow(now: 0.6); #expect(r10)
        #expect(limiter.strikes == 0)
    }
}
