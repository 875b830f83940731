"""What the Riverside Partners demo members say about their businesses.

PROFILES holds, per demo member (keyed by the email in demo.MEMBERS), the business
profile shown to the group (website, phone, bio, talkable difference, this month's
specific ask) and one to three ideal-client profiles with the referral criteria a
giver ticks when passing a slip. SPHERES groups members whose clients overlap into
contact spheres (power teams). Everything here is fictional: the websites use
example.com and the phone numbers the reserved 555-01xx range.
"""

PROFILES: dict[str, dict] = {
    "priya@example.com": {
        "website": "https://shahcoaching.example.com",
        "phone": "+1 555 010 4471",
        "bio": (
            "I coach owners of established service companies who have built something good and "
            "then hit a ceiling. Before starting Shah Business Coaching in 2014 I ran operations "
            "for a regional engineering firm for twelve years, so I know what it feels like when "
            "every decision still runs through one desk. I work one-to-one with owners and with "
            "small leadership teams: a quarterly planning day, a monthly coaching session and a "
            "one-page scorecard the whole team can read. I've been a member of Riverside Partners "
            "since its second year and its president since last fall."
        ),
        "talkable_difference": (
            "I stay with an owner for the full year, so the plan we write in January is still "
            "being worked on in October."
        ),
        "specific_ask": (
            "This month I'd like to meet the owner of an engineering, architecture or IT services "
            "firm with 20–60 staff who has just promoted their first operations manager or "
            "general manager."
        ),
        "ideal_clients": [
            {
                "title": "Owner who has become the bottleneck",
                "industries": (
                    "Professional and trade services: engineering, architecture, IT services, "
                    "specialty contractors, agencies"
                ),
                "company_size": "$2M–$15M revenue, 10–60 staff",
                "geography": (
                    "Metro area and Marlow County; coaching by video anywhere in the Central time "
                    "zone"
                ),
                "decision_makers": "Founder, owner-operator, managing partner",
                "triggers": (
                    "Revenue has been flat for two or three years even though everyone is busy. "
                    "The owner still approves every quote and handles every customer escalation, "
                    "works evenings and weekends, and hasn't taken a real vacation in years. They "
                    "say things like 'nobody else does it right' or 'I can't grow until I clone "
                    "myself'. Often the spark is a health scare, a missed family event, or a big "
                    "customer lost because the owner couldn't get to it in time."
                ),
                "criteria": [
                    "Owner-managed, 10–60 staff",
                    "Revenue flat or growth stalled for 2+ years",
                    "Owner admits they're the bottleneck",
                    "Willing to give a half day to planning",
                    "Expects my call",
                ],
                "not_a_fit": (
                    "Startups before revenue, solo freelancers, and franchisees whose playbook is "
                    "set by head office. Also not owners who want someone to fix one difficult "
                    "employee for them – that's a conversation for Emma."
                ),
            },
            {
                "title": "Leadership team after a promotion or a merger",
                "industries": (
                    "Owner-led companies with a second layer of management, in any trade or "
                    "profession"
                ),
                "company_size": "25–120 staff, with 3–8 managers",
                "geography": "Within an hour's drive of downtown; planning days held on site",
                "decision_makers": "Owner, CEO, newly appointed general manager or COO",
                "triggers": (
                    "A long-time employee has just been promoted to run operations and the "
                    "managers don't agree on priorities. Two companies have merged and there are "
                    "two ways of doing everything. Weekly meetings run long and decide nothing; "
                    "targets exist but nobody checks them. The owner wants to step back from "
                    "day-to-day operations within two years and doesn't trust the team to run "
                    "without them yet."
                ),
                "criteria": [
                    "At least three people in management roles",
                    "A promotion, merger or reorganization in the last year",
                    "Owner sponsors the work, not just the managers",
                    "Budget for a quarterly planning day",
                ],
                "not_a_fit": (
                    "Companies in a cash crisis that need a turnaround consultant or a lender "
                    "first, and large organizations with their own training department."
                ),
            },
        ],
    },
    "tom@example.com": {
        "website": "https://beckerco-cpa.example.com",
        "phone": "+1 555 011 3820",
        "bio": (
            "Becker & Co is a CPA firm of nine people on the second floor above the bakery on "
            "Mill Street. We do bookkeeping, payroll, tax returns and year-round tax planning for "
            "owner-managed companies, and personal returns for their owners. I started the firm "
            "in 2009 after eleven years at a national firm, where I noticed the smallest clients "
            "got the least attention. Each client has one named accountant who answers the phone, "
            "and we meet every client at least twice a year, not just in March. Outside work I "
            "coach under-12 soccer and keep the attendance sheet for this group."
        ),
        "talkable_difference": (
            "Every client gets a named accountant and a mid-year tax planning meeting, so nobody "
            "is surprised by their tax bill in April."
        ),
        "specific_ask": (
            "This month I'd like to meet the owner of a restaurant or a building contractor whose "
            "bookkeeping is done by a relative or a part-timer and is three or more months "
            "behind."
        ),
        "ideal_clients": [
            {
                "title": "Company whose books are months behind",
                "industries": (
                    "Restaurants, construction and specialty trades, retail shops, salons"
                ),
                "company_size": "$500K–$10M revenue, 5–75 employees on payroll",
                "geography": "Metro area; further out if they use QuickBooks Online or Xero",
                "decision_makers": "Owner, co-owners, office manager",
                "triggers": (
                    "The bookkeeping is months behind and the owner can't say whether they made "
                    "money last quarter, or is worried about cash flow. Payroll is done by hand, "
                    "or the payroll provider keeps "
                    "making mistakes. The bank has asked for financial statements for a loan and "
                    "there aren't any. A letter from the IRS or the state about late sales tax or "
                    "payroll tax deposits. The person who did the books, often a spouse or a "
                    "retired parent, wants to stop."
                ),
                "criteria": [
                    "Has employees on payroll",
                    "Books behind or kept in a spreadsheet",
                    "Uses or will move to QuickBooks Online or Xero",
                    "Owner wants a monthly close, not just a tax return",
                    "Can share last year's tax return",
                    "Expects my call",
                ],
                "not_a_fit": (
                    "Companies that only want the cheapest tax return once a year, crypto "
                    "traders, cannabis businesses (our bank won't allow it), and anyone asking us "
                    "to backdate anything."
                ),
            },
            {
                "title": "Newly profitable owner paying too much tax",
                "industries": "Consultants, contractors, agencies, real-estate investors",
                "company_size": "Net profit of $100K+ a year, 0–15 staff",
                "geography": "Anywhere in the state (we meet by video)",
                "decision_makers": "Owner; husband-and-wife owners",
                "triggers": (
                    "Profit jumped this year and they just wrote a large check to the IRS. "
                    "They're a sole proprietor or single-member LLC and nobody has ever talked to "
                    "them about an S-corp election. Estimated tax payments are missed or guessed. "
                    "They bought a rental property or a second business and mix the numbers "
                    "together. Their current preparer only speaks to them once a year, in April."
                ),
                "criteria": [
                    "Net profit over $100K",
                    "Filing as a sole proprietor or single-member LLC",
                    "Open to year-round tax planning",
                    "Can share the last two years' returns",
                ],
                "not_a_fit": (
                    "Hobby businesses, and anyone whose real question is how to avoid reporting "
                    "cash income."
                ),
            },
            {
                "title": "Nonprofit with a new treasurer or its first audit",
                "industries": (
                    "Local nonprofits, churches, youth sports leagues, community foundations"
                ),
                "company_size": "$250K–$3M annual budget",
                "geography": "Metro area and Marlow County",
                "decision_makers": "Board treasurer, executive director, board chair",
                "triggers": (
                    "A grant now requires a financial review or an audit for the first time. The "
                    "volunteer treasurer is stepping down and nobody else understands the books. "
                    "The Form 990 was filed late or prepared by a board member. The board can't "
                    "read the monthly reports and doesn't know how much restricted money they "
                    "hold."
                ),
                "criteria": [
                    "Annual budget of $250K or more",
                    "Board has agreed to hire an accountant",
                    "Treasurer or director will meet me",
                ],
                "not_a_fit": (
                    "New organizations still waiting for 501(c)(3) status – Aisha is the right "
                    "first call."
                ),
            },
        ],
    },
    "lena@example.com": {
        "website": "https://novakprint.example.com",
        "phone": "+1 555 012 7765",
        "bio": (
            "Novak Print & Signs has been on Water Street since my father opened it in 1988; I "
            "took it over in 2016. We print business cards, brochures, menus and direct mail on "
            "our own presses, and we build and install signs: storefront letters, window "
            "graphics, banners, wall murals, wayfinding and vehicle wraps. We're eleven people, "
            "including two installers with a bucket truck. Because we design, print and install "
            "in house, a new shop can go from a blank storefront to opening day with one supplier "
            "and one invoice."
        ),
        "talkable_difference": (
            "We design, print and install under one roof, so a new storefront gets its sign, "
            "window graphics and opening-day flyers from one team on one schedule."
        ),
        "specific_ask": (
            "This month I'd like to meet a shopping-center manager or a commercial real-estate "
            "agent who knows which shops and restaurants are moving in over the next six months."
        ),
        "ideal_clients": [
            {
                "title": "Shop or restaurant opening or rebranding a storefront",
                "industries": "Retail, restaurants, cafés, salons, gyms, franchise locations",
                "company_size": "Single location or a group of 2–5",
                "geography": "Metro area; installs within 60 miles",
                "decision_makers": "Owner, franchisee, store manager",
                "triggers": (
                    "They have the keys and an opening date but no storefront sign, window "
                    "graphics, menu boards or grand-opening banners. The city needs the sign "
                    "permit drawings before anything goes up. The old sign from the previous "
                    "tenant is still over the door. A rebrand means every sign, card, menu and "
                    "van has to change at the same time."
                ),
                "criteria": [
                    "Opening date or rebrand within 3 months",
                    "Needs exterior or window signage",
                    "Owner or store manager decides",
                    "Keys in hand or handover date set",
                ],
                "not_a_fit": (
                    "Anyone wanting only 500 business cards at the lowest online price, and "
                    "billboard or digital-screen advertising, which we don't do."
                ),
            },
            {
                "title": "Marketing team with a trade show or a mailing",
                "industries": (
                    "Manufacturers, distributors, banks and credit unions, hospitals, colleges"
                ),
                "company_size": "50–500 employees with someone in charge of marketing",
                "geography": "Metro area and the river towns up to Marlow County",
                "decision_makers": "Marketing manager, marketing coordinator, office manager",
                "triggers": (
                    "A trade show booth in three weeks that needs banners, pop-up displays and "
                    "brochures. A direct-mail piece going to a few thousand addresses with a "
                    "fixed mail date. Printed pieces ordered from five online printers that never "
                    "match in color. A new logo that has to roll out across brochures, folders, "
                    "signs and vehicles."
                ),
                "criteria": [
                    "Recurring print or sign work, not a one-off",
                    "A marketing budget holder I can meet",
                    "Artwork ready, or happy to use our designer",
                ],
                "not_a_fit": "Political campaign yard signs and anything printed for resale.",
            },
        ],
    },
    "maria@example.com": {
        "website": "https://lopezplumbing.example.com",
        "phone": "+1 555 010 2233",
        "bio": (
            "I'm a licensed master plumber and I run Lopez Plumbing with four plumbers and three "
            "vans. We started in 2011 fixing water heaters and drains in the older houses around "
            "the Old Mill District, and now we do a lot of work for landlords and property "
            "managers across the east bank. We answer the phone 24 hours a day, and we text a "
            "photo of the problem and a price before we start. I'm usually in the van, so a text "
            "is the fastest way to reach me."
        ),
        "talkable_difference": (
            "We text you a photo of the problem and a fixed price before we pick up a wrench, and "
            "a real plumber answers the phone at 3 a.m."
        ),
        "specific_ask": (
            "This month I'd like to meet a property manager who looks after 20 or more rental "
            "units in the older east-bank neighborhoods and is fed up with waiting for their "
            "plumber to call back."
        ),
        "ideal_clients": [
            {
                "title": "Landlord or property manager with older rentals",
                "industries": "Rental houses, duplexes, small apartment buildings, HOAs",
                "company_size": "5–200 rental units",
                "geography": (
                    "East bank, Old Mill District, Bluff Heights; within 20 miles of downtown"
                ),
                "decision_makers": "Landlord, property manager, maintenance supervisor, HOA board",
                "triggers": (
                    "A burst pipe or a sewer backup at night with a tenant on the phone. Water "
                    "heaters in several units reaching 12–15 years old at once. Galvanized or "
                    "cast-iron pipes in buildings from before 1970. Tenants complaining about low "
                    "water pressure, running toilets or slow drains. Their current plumber takes "
                    "two days to call back."
                ),
                "criteria": [
                    "Owns or manages 5+ rental units",
                    "Wants a plumber on call, not a one-time fix",
                    "Buildings within 20 miles of downtown",
                    "Expects my call",
                ],
                "not_a_fit": (
                    "New-construction plumbing for builders, and jobs where the owner buys the "
                    "parts online and wants us only to fit them."
                ),
            },
            {
                "title": "Homeowner in an older house",
                "industries": "Homeowners, especially in houses built before 1970",
                "company_size": "Single-family homes and duplexes",
                "geography": "Within 20 miles of downtown",
                "decision_makers": (
                    "Homeowner; often a grown son or daughter helping an older parent"
                ),
                "triggers": (
                    "No hot water. A pipe under the kitchen sink that won't stop dripping. A "
                    "drain that keeps clogging, or water coming up through the basement floor "
                    "drain. Frozen pipes after a cold snap. A pre-sale inspection that flagged "
                    "the sewer line or the water heater. An older parent living alone who needs a "
                    "walk-in shower or a new toilet and doesn't know which plumber to trust."
                ),
                "criteria": [
                    "Owns the home, or has the owner's OK",
                    "Work needed in the next month",
                    "House within 20 miles of downtown",
                ],
                "not_a_fit": (
                    "Swimming pools, sprinkler systems and gas-fired boilers in commercial "
                    "buildings."
                ),
            },
        ],
    },
    "aisha@example.com": {
        "website": "https://okaforlaw.example.com",
        "phone": "+1 555 013 0418",
        "bio": (
            "I'm a commercial lawyer, and I opened Okafor Commercial Law this spring after nine "
            "years in the corporate group of a downtown firm. I help owner-managed companies with "
            "the legal side of running and growing a business: commercial leases, customer and "
            "supplier contracts, shareholder and operating agreements, and buying or selling a "
            "business. I work on fixed fees agreed up front, I write in plain English, and I "
            "would rather spend an hour on a contract before it's signed than a year arguing "
            "about it afterwards. I'm new to Riverside Partners and I'm here to learn whom you "
            "serve as much as to tell you whom I serve."
        ),
        "talkable_difference": (
            "I quote a fixed fee before I start and explain every clause in plain English, so "
            "owners sign knowing exactly what they've agreed to."
        ),
        "specific_ask": (
            "This month I'd like to meet a commercial real-estate broker or a business broker "
            "whose clients sign leases or buy companies and who wants a lawyer that turns "
            "documents around in three working days."
        ),
        "ideal_clients": [
            {
                "title": "Owner about to sign a lease, a major contract or a purchase",
                "industries": (
                    "Restaurants, clinics, retail, light manufacturing, distribution, trade "
                    "contractors"
                ),
                "company_size": "Owner-managed, 5–100 staff",
                "geography": "Anywhere in the state; meetings downtown or by video",
                "decision_makers": "Owner, co-owners, CEO, CFO or controller",
                "triggers": (
                    "They've been handed a ten-year commercial lease with a personal guarantee "
                    "and are about to sign it. The landlord wants a large rent increase at "
                    "renewal. A big customer has sent a 30-page master services agreement, or a "
                    "supplier contract full of indemnities and auto-renewals. They're buying a "
                    "competitor or a retiring owner's business and have already signed a letter "
                    "of intent. A customer won't pay and the contract they used is a template "
                    "from the internet."
                ),
                "criteria": [
                    "A document to sign or negotiate in the next 60 days",
                    "Contract or deal worth $50K or more",
                    "An owner or executive makes the decision",
                    "Open to a fixed-fee quote",
                    "Expects my call",
                ],
                "not_a_fit": (
                    "Personal injury, divorce, criminal, immigration and residential "
                    "landlord–tenant matters. I don't litigate, so a lawsuit that has already "
                    "been filed needs a trial lawyer – I'm glad to suggest one."
                ),
            },
            {
                "title": "Co-founders and co-owners with nothing in writing",
                "industries": (
                    "Startups, software and life-science companies, family-owned companies, "
                    "professional partnerships"
                ),
                "company_size": "2–6 owners; from pre-revenue to about $20M in sales",
                "geography": "State-wide; investors can be anywhere",
                "decision_makers": "Founders, co-owners, managing members, board members",
                "triggers": (
                    "A startup raising a seed round on SAFEs or convertible notes with a cap "
                    "table nobody trusts. Co-founders who shook hands years ago and never signed "
                    "a shareholder agreement or an operating agreement. One owner wants out, has "
                    "fallen ill or has stopped pulling their weight, and nobody knows what their "
                    "shares are worth or who may buy them. A key employee has been promised "
                    "equity in an email."
                ),
                "criteria": [
                    "Two or more owners, or raising outside money",
                    "No shareholder or operating agreement, or an outdated one",
                    "All owners willing to attend the first meeting",
                    "Not already in a lawsuit",
                ],
                "not_a_fit": (
                    "Solo owners who only want an LLC filed online, disputes that are already in "
                    "court, and securities work for public companies."
                ),
            },
        ],
    },
    "ken@example.com": {
        "website": "https://watanaberegional.example.com",
        "phone": "+1 555 014 9902",
        "bio": (
            "I look after four referral groups in the region, including Riverside Partners, and "
            "help new groups get started. I ran a family insurance agency for twenty years and "
            "belonged to a breakfast group for most of them; it paid for itself many times over, "
            "which is why I do this now. I train new facilitators, visit each group once a month, "
            "and keep the groups' records and systems in order. If you know an owner who wants to "
            "see how a group works before visiting, have them call me."
        ),
        "talkable_difference": (
            "I've launched and run referral groups in this region for fifteen years, and I sit "
            "down with every owner before their first visit so they know what to expect."
        ),
        "specific_ask": (
            "This month I'd like to meet established owners in Northgate who would help start a "
            "new lunchtime group there; the best founding members already pass introductions "
            "without being asked."
        ),
        "ideal_clients": [
            {
                "title": "Owner ready to join or start a referral group",
                "industries": (
                    "Any trade or profession whose seat is open in one of our four groups"
                ),
                "company_size": "Owner-operators and partners in firms trading for 2+ years",
                "geography": (
                    "Metro area and the river towns; new groups planned in Northgate and Cedar "
                    "Grove"
                ),
                "decision_makers": (
                    "Owner, partner, or branch manager who can commit to a weekly meeting"
                ),
                "triggers": (
                    "They say their best work comes from word of mouth but they have no way to "
                    "get more of it. They've just moved here or opened a local branch and don't "
                    "know anyone. They tried online networking and only got sales pitches. They "
                    "already meet two or three people regularly to swap leads and would like it "
                    "to be more organized."
                ),
                "criteria": [
                    "In business for 2+ years",
                    "Can attend a weekly morning meeting",
                    "Their category is open in at least one group",
                    "Enjoys introducing people",
                ],
                "not_a_fit": (
                    "Anyone who only wants to sell to the members, and multi-level-marketing "
                    "distributors."
                ),
            },
        ],
    },
    "james@example.com": {
        "website": "https://oconnorelectrical.example.com",
        "phone": "+1 555 015 3319",
        "bio": (
            "Licensed master electrician, eighteen years in the trade, and owner of O'Connor "
            "Electrical since 2015. We're a crew of seven doing service calls, panel upgrades and "
            "rewiring for homeowners, and tenant build-outs and lighting retrofits for commercial "
            "landlords. Every job is permitted and inspected, and our vans carry the common "
            "breakers and panels, so most service calls are finished in one visit. I also sit on "
            "the county electrical board of examiners."
        ),
        "talkable_difference": (
            "Our vans carry the common breakers and panels, so most service calls are fixed on "
            "the first visit, not after a second trip for parts."
        ),
        "specific_ask": (
            "This month I'd like to meet a general contractor or commercial landlord with two or "
            "three tenant build-outs planned this year who needs an electrician that turns up on "
            "the day the schedule says."
        ),
        "ideal_clients": [
            {
                "title": "Homeowner with an old or overloaded electrical panel",
                "industries": "Homeowners in houses built before 1980, and buyers of older houses",
                "company_size": "Single-family homes, townhouses, duplexes",
                "geography": "Metro area, both banks of the river",
                "decision_makers": "Homeowner",
                "triggers": (
                    "Breakers tripping when the microwave and a space heater run together. "
                    "Flickering lights, warm outlets or a burning smell. A Federal Pacific panel "
                    "or an old fuse box that the home inspector has flagged. They've bought an "
                    "electric car and need an EV charger in the garage. A kitchen or basement "
                    "remodel that needs new circuits."
                ),
                "criteria": [
                    "Owns the home",
                    "Panel, wiring or charger work, not a single light fixture",
                    "Happy for us to pull a permit",
                ],
                "not_a_fit": (
                    "Low-voltage work such as alarms, TV mounting and home theater, and anyone "
                    "who asks us to skip the permit."
                ),
            },
            {
                "title": "Commercial landlord or contractor with a build-out",
                "industries": (
                    "Retail centers, office buildings, restaurants, light industrial units, "
                    "medical offices"
                ),
                "company_size": "Build-outs from 1,500 to 30,000 sq ft",
                "geography": "Within 40 miles of downtown",
                "decision_makers": (
                    "Property manager, general contractor's project manager, facilities manager, "
                    "restaurant owner"
                ),
                "triggers": (
                    "A new tenant is moving in and the space has to be rewired to their layout "
                    "before opening. A restaurant is adding kitchen equipment and the existing "
                    "electrical service can't carry it. Old fluorescent fixtures the utility will "
                    "help pay to replace with LED. A failed electrical inspection, or the "
                    "previous electrician walked off the job."
                ),
                "criteria": [
                    "Commercial space, not residential",
                    "Work starts within 6 months",
                    "Drawings or a walk-through available",
                    "I can bid directly or through the GC",
                ],
                "not_a_fit": (
                    "Large new-build projects needing crews of 20 or more, and solar installs – "
                    "that's Noah."
                ),
            },
        ],
    },
    "sofia@example.com": {
        "website": "https://rossirealty.example.com",
        "phone": "+1 555 016 2040",
        "bio": (
            "I've sold homes in this city for sixteen years, the last eight under my own name at "
            "Rossi Realty, a brokerage of five agents. Most of my clients are selling a house "
            "they've lived in for a long time: empty nesters moving to something smaller, "
            "families handling a parent's home, people being relocated for work. I plan every "
            "sale with a written timeline, coordinate repairs, cleaning, staging and photos with "
            "local trades I trust, and I'm at every showing myself. I grew up in Bluff Heights "
            "and still live there."
        ),
        "talkable_difference": (
            "I manage the whole move-out, from repairs and staging to the final walk-through, so "
            "people selling a house after decades don't have to handle it alone."
        ),
        "specific_ask": (
            "This month I'd like to meet an estate-planning attorney or a senior move manager who "
            "works with families deciding what to do with a parent's house."
        ),
        "ideal_clients": [
            {
                "title": "Empty nesters ready to downsize",
                "industries": "Homeowners aged 55+ living in family-size houses",
                "company_size": "Homes worth $300K–$900K",
                "geography": (
                    "Bluff Heights, Cedar Grove, the east bank and the older west-side "
                    "neighborhoods"
                ),
                "decision_makers": (
                    "The homeowner couple, often with a grown son or daughter involved"
                ),
                "triggers": (
                    "The children have moved out and the house has too many stairs and bedrooms. "
                    "One of them has had a fall or a hip operation. They want to move closer to "
                    "the grandchildren or into a condo or a senior community. They'd like to sell "
                    "but feel overwhelmed by thirty years of belongings and a list of repairs."
                ),
                "criteria": [
                    "Owns the home with plenty of equity",
                    "Thinking of selling within 12 months",
                    "Open to a planning visit at the house",
                ],
                "not_a_fit": (
                    "Investors looking for a discount purchase, and rentals or commercial "
                    "property – I only sell homes."
                ),
            },
            {
                "title": "Family selling a parent's house",
                "industries": (
                    "Heirs and executors; estate-planning attorneys and trust officers who advise "
                    "them"
                ),
                "company_size": "One house, usually still full of furniture",
                "geography": "House in the metro area; the family can live anywhere",
                "decision_makers": "Executor, trustee, adult children",
                "triggers": (
                    "A parent has died or moved into care, the house is empty or full of "
                    "belongings, and the children live out of state. Probate has been opened, or "
                    "a trust says the house must be sold. Brothers and sisters disagree about "
                    "fixing it up or selling as-is. Utilities, insurance and yard care on an "
                    "empty house are piling up."
                ),
                "criteria": [
                    "Executor or trustee has authority to sell",
                    "House is in the metro area",
                    "Family wants to sell within 6 months",
                ],
                "not_a_fit": (
                    "Families still contesting the will in court; they need a lawyer before they "
                    "need me."
                ),
            },
            {
                "title": "Household relocating for a new job",
                "industries": (
                    "Hospital, university and manufacturing employees; military families"
                ),
                "company_size": "Buying or selling homes of $250K–$700K",
                "geography": "Moving into or out of the metro area",
                "decision_makers": (
                    "The employee and their partner; sometimes the employer's relocation "
                    "coordinator"
                ),
                "triggers": (
                    "They've accepted a job here, start in 60 days and have children changing "
                    "schools. Their employer is transferring them out of town and the house has "
                    "to sell quickly. They're in a short-term apartment and want to buy before "
                    "the school year starts."
                ),
                "criteria": [
                    "Start date or moving date is known",
                    "Buying or selling a home, not renting",
                    "Can do a video call this week",
                ],
                "not_a_fit": "Apartment searches and short-term rentals; I don't handle leasing.",
            },
        ],
    },
    "daniel@example.com": {
        "website": "https://kimmortgage.example.com",
        "phone": "+1 555 017 5586",
        "bio": (
            "I'm a mortgage broker licensed in three states with access to more than 30 lenders. "
            "I started Kim Mortgage Advisers in 2018 after ten years as a loan officer at a bank, "
            "where I kept seeing good borrowers turned down because they didn't fit that one "
            "bank's box: self-employed people, commission earners, first-time buyers with a thin "
            "credit file. Those are the files I enjoy now. Every borrower gets a written "
            "comparison of three options, and I answer my phone in the evenings, when people "
            "actually have time to talk about money."
        ),
        "talkable_difference": (
            "I shop every loan across 30+ lenders and put three options side by side in writing, "
            "including the ones that pay me less."
        ),
        "specific_ask": (
            "This month I'd like to meet a CPA or enrolled agent whose self-employed clients have "
            "been turned down for a mortgage because their returns show too little income after "
            "write-offs."
        ),
        "ideal_clients": [
            {
                "title": "Self-employed or first-time buyer turned down by a bank",
                "industries": (
                    "Business owners, contractors, real-estate agents, commission salespeople, "
                    "first-time home buyers"
                ),
                "company_size": "Loans of $200K–$1.5M",
                "geography": "Licensed in three states; most clients in the metro area",
                "decision_makers": "The borrower, or both borrowers",
                "triggers": (
                    "The bank asked for two years of returns and then said the income was too low "
                    "after write-offs. They found the house but the pre-approval fell through a "
                    "week before closing. They need a bank-statement loan, or just switched from "
                    "a salary to 1099 income. A first-time buyer with a small down payment who "
                    "who hasn't heard of the city's down-payment grant. An investor buying a "
                    "rental or a mixed-use building."
                ),
                "criteria": [
                    "Buying or refinancing in the next 6 months",
                    "Self-employed, commissioned, or a first-time buyer",
                    "Credit score roughly 620 or higher",
                    "Expects my call",
                ],
                "not_a_fit": (
                    "Commercial mortgages on buildings of more than four units, business lines of "
                    "credit, and borrowers who won't document their income at all."
                ),
            },
            {
                "title": "Homeowner who could refinance or borrow against their equity",
                "industries": "Homeowners with an existing mortgage",
                "company_size": "Loan balance of $150K or more",
                "geography": "Metro area and the river towns",
                "decision_makers": "Every owner on the title",
                "triggers": (
                    "Rates have dropped since they bought and they're paying more than they need "
                    "to. They carry credit-card or medical debt at 20% or more. They want a HELOC "
                    "or a cash-out refinance to pay for a remodel or an addition. Their "
                    "adjustable-rate mortgage is about to reset. After a divorce, one spouse "
                    "needs to refinance to buy the other out of the house."
                ),
                "criteria": [
                    "Has a mortgage, or equity of $100K+",
                    "A clear reason: lower rate, cash-out or buyout",
                    "Every owner on title will take the call",
                ],
                "not_a_fit": "Reverse mortgages – I pass those to a specialist I trust.",
            },
        ],
    },
    "grace@example.com": {
        "website": "https://mensahplanning.example.com",
        "phone": "+1 555 018 1173",
        "bio": (
            "I'm a Certified Financial Planner and a fee-only fiduciary: clients pay me a flat "
            "annual fee and I take no commission on anything I recommend. I started Mensah "
            "Financial Planning in 2015 after ten years at a brokerage. Most of my clients are "
            "business owners and their families. I help them plan for retirement, set up "
            "retirement plans for their employees, and get ready for the day they sell or hand "
            "over the company. Twice a year I also run an evening workshop at the public library "
            "on money after a divorce or the death of a spouse."
        ),
        "talkable_difference": (
            "I'm fee-only, so I'm paid the same whatever you invest in, and every plan fits on "
            "one page you can read in five minutes."
        ),
        "specific_ask": (
            "This month I'd like to meet a business broker or an M&A adviser whose clients will "
            "sell a company in the next two years and haven't yet thought about what happens to "
            "the money."
        ),
        "ideal_clients": [
            {
                "title": "Owner handing over or selling the family business",
                "industries": (
                    "Family-owned manufacturers, distributors, dealerships, trades and "
                    "professional firms"
                ),
                "company_size": "Business worth $2M–$30M; owner aged 55 or older",
                "geography": "Metro area and Marlow County",
                "decision_makers": (
                    "Owner and spouse; sometimes the son or daughter who will take over"
                ),
                "triggers": (
                    "The family business is passing to the next generation and the children who "
                    "don't work in it want to be treated fairly. The owner wants to retire within "
                    "five years but most of their wealth is tied up in the company. A competitor "
                    "or a private-equity firm has made an offer. They don't know how much they "
                    "need to retire, or what a sale would really leave them with."
                ),
                "criteria": [
                    "Owner aged 55+ or planning an exit within 5 years",
                    "Spouse will join the conversation",
                    "Assets or expected sale proceeds over $1M",
                ],
                "not_a_fit": (
                    "People looking for stock tips, and owners who want to manage their own "
                    "investments with an occasional second opinion."
                ),
            },
            {
                "title": "Employer starting or fixing a 401(k) plan",
                "industries": "Employers in any industry",
                "company_size": "10–150 employees",
                "geography": "State-wide",
                "decision_makers": "Owner, CFO, office manager",
                "triggers": (
                    "They're losing job candidates to employers who offer a 401(k) match. The "
                    "state now requires employers without a plan to sign up for the state "
                    "program. Their existing 401(k) has high fees and nobody has reviewed it in "
                    "years. The owner wants to put away more for their own retirement than an IRA "
                    "allows."
                ),
                "criteria": [
                    "10 or more employees",
                    "No retirement plan, or one not reviewed in 3+ years",
                    "Owner or CFO will attend the first meeting",
                ],
                "not_a_fit": (
                    "Employers shopping for health or dental benefits – Oliver and Emma can help "
                    "there."
                ),
            },
        ],
    },
    "oliver@example.com": {
        "website": "https://grantinsurance.example.com",
        "phone": "+1 555 019 6624",
        "bio": (
            "Grant Insurance Brokers is an independent agency of eight people with access to more "
            "than 40 commercial carriers. I've placed business insurance for twenty years and "
            "started the agency in 2012. We specialize in companies whose coverage is harder than "
            "average to place: contractors, manufacturers, food businesses and companies with a "
            "claim on their record. We review every client's coverage 90 days before renewal, not "
            "the week it's due, and we go to bat for clients when a claim is disputed."
        ),
        "talkable_difference": (
            "We start every renewal 90 days early and shop it across 40+ carriers, so there's "
            "time to close gaps before the premium is due."
        ),
        "specific_ask": (
            "This month I'd like to meet a general contractor or subcontractor who has just been "
            "asked for higher liability limits or a certificate of insurance to bid on a bigger "
            "project."
        ),
        "ideal_clients": [
            {
                "title": "Contractor needing certificates and higher limits",
                "industries": (
                    "General contractors and subcontractors: building, mechanical, site work, "
                    "restoration"
                ),
                "company_size": "$1M–$25M revenue, 5–100 field employees",
                "geography": "Licensed in three states; most clients within 100 miles",
                "decision_makers": "Owner, CFO, the office manager who handles certificates",
                "triggers": (
                    "A general contractor or a public project is asking for a $2M umbrella, "
                    "additional-insured wording or a waiver of subrogation they don't have. "
                    "Certificates of insurance take days to get from their current agent. The "
                    "workers' comp premium jumped after an audit. They've had a claim and the "
                    "carrier has non-renewed them."
                ),
                "criteria": [
                    "Policies renew within the next 120 days",
                    "At least 5 field employees",
                    "Can share current policies and 5 years of loss runs",
                ],
                "not_a_fit": (
                    "Personal car and home insurance on its own, and companies that want to "
                    "switch carriers every year purely on price."
                ),
            },
            {
                "title": "Manufacturer or warehouse that may be underinsured",
                "industries": "Light manufacturing, food production, distribution and warehousing",
                "company_size": "$5M–$75M revenue, 20–300 employees",
                "geography": "Metro area and the Marlow County industrial parks",
                "decision_makers": "CFO, controller, plant manager, owner",
                "triggers": (
                    "Building and equipment values haven't been updated in years, so a loss would "
                    "leave them underinsured. A large customer is demanding product liability "
                    "coverage or a product recall policy. Forklift injuries are driving workers' "
                    "comp costs up. Their premium rose 30% with no claims and nobody explained "
                    "why."
                ),
                "criteria": [
                    "Owns or rents a production or warehouse building",
                    "Renewal within 6 months",
                    "CFO or owner will meet me",
                ],
                "not_a_fit": (
                    "Makers of firearms, fireworks or cannabis products – we have no carriers for "
                    "them."
                ),
            },
            {
                "title": "Professional firm without cyber or E&O coverage",
                "industries": (
                    "Accounting, law, engineering, architecture, staffing and IT consultancies"
                ),
                "company_size": "5–50 staff",
                "geography": "State-wide",
                "decision_makers": "Managing partner, office manager",
                "triggers": (
                    "A client contract now requires professional liability (errors and omissions) "
                    "or cyber insurance. A firm they know lost money to a wire-transfer scam and "
                    "they're wondering whether they'd be covered. They've never had cyber "
                    "coverage, or it came as an add-on nobody has read."
                ),
                "criteria": [
                    "Holds client data or client money",
                    "No standalone cyber policy today",
                    "A partner or the office manager will take the call",
                ],
                "not_a_fit": "Medical malpractice for doctors, which we don't place.",
            },
        ],
    },
    "hannah@example.com": {
        "website": "https://brightsideweb.example.com",
        "phone": "+1 555 011 8857",
        "bio": (
            "Brightside Web Studio is me, a developer and a copywriter, in a converted warehouse "
            "studio in the Old Mill District. We build websites for service businesses that need "
            "the phone to ring: clear pages, fast loading, online booking and quote forms, and "
            "the local search work that gets them found on Google. I spent six years at an agency "
            "building sites for national brands before deciding I preferred clients I could meet "
            "for coffee. Every site we launch comes with an hour of training, so clients can "
            "change their own words and photos."
        ),
        "talkable_difference": (
            "We write the words as well as build the website, and every client learns to update "
            "it themselves in a one-hour handover."
        ),
        "specific_ask": (
            "This month I'd like to meet the owner of a salon, fitness studio or home-services "
            "company whose website doesn't work on a phone and who still takes every booking by "
            "phone call."
        ),
        "ideal_clients": [
            {
                "title": "Service business with an outdated website",
                "industries": (
                    "Home services and trades, salons, fitness studios, clinics, law and "
                    "accounting firms"
                ),
                "company_size": "1–30 staff, one or two locations",
                "geography": "Metro area; remote projects anywhere in the state",
                "decision_makers": "Owner, office manager",
                "triggers": (
                    "Their website was built by a nephew in 2014 and looks broken on a phone. "
                    "They don't show up on Google when someone searches for their service and "
                    "neighborhood. Customers go elsewhere because there's no online booking or "
                    "quote form. They've rebranded or added a service and the site still "
                    "describes the old business. The web person has disappeared and nobody has "
                    "the password to the domain."
                ),
                "criteria": [
                    "Has a website or at least a domain",
                    "Wants more enquiries, not just a new look",
                    "Owner will give 2 hours to a kickoff workshop",
                    "Budget of $5K or more",
                ],
                "not_a_fit": (
                    "Online stores with hundreds of products, mobile apps, and anyone looking for "
                    "a $500 template site."
                ),
            },
            {
                "title": "New business launching online",
                "industries": (
                    "Newly opened shops, cafés, consultancies, franchisees allowed their own site"
                ),
                "company_size": "Just opened, or opening in the next 3 months",
                "geography": "Metro area",
                "decision_makers": "Founder or owner",
                "triggers": (
                    "They've registered the company and have a logo but no website, no Google "
                    "Business Profile and no email on their own domain. They need online ordering "
                    "or appointment booking from day one. A lender or a landlord wants to see a "
                    "website before they commit."
                ),
                "criteria": [
                    "Opening date within 3 months",
                    "Has a name and logo, or wants help with both",
                    "Ready to pay a deposit",
                ],
                "not_a_fit": "Ideas that haven't launched and have no budget yet.",
            },
        ],
    },
    "samuel@example.com": {
        "website": "https://adeyemiit.example.com",
        "phone": "+1 555 012 4410",
        "bio": (
            "Adeyemi IT Support looks after the computers, networks and Microsoft 365 accounts of "
            "offices that are too small for an IT department. We have six technicians, a help "
            "desk that answers within 15 minutes during business hours, and a flat monthly fee "
            "per user. I worked in hospital IT for nine years before starting the company in "
            "2017, so security and backups are second nature to us. We look after about 60 "
            "offices, from two-person firms to a 90-person distributor."
        ),
        "talkable_difference": (
            "Our help desk answers within 15 minutes for a flat fee per user, so nobody hesitates "
            "to call before a small problem becomes a big one."
        ),
        "specific_ask": (
            "This month I'd like to meet the office manager of a law, accounting or engineering "
            "firm with 10–50 people whose 'IT person' is a partner who happens to be good with "
            "computers."
        ),
        "ideal_clients": [
            {
                "title": "Professional office without an IT department",
                "industries": (
                    "Law and accounting firms, engineering and architecture offices, veterinary "
                    "clinics, nonprofits"
                ),
                "company_size": "5–80 computers",
                "geography": "Metro area; on site within 2 hours",
                "decision_makers": "Office manager, managing partner, operations manager",
                "triggers": (
                    "Someone's email was hacked and sent fake invoices to clients. A ransomware "
                    "scare, or a laptop stolen with client files on it. Nobody has checked the "
                    "backups in a year, or nobody knows where they are. The 'IT person' is a "
                    "partner or a relative and it's eating hours of their week. Slow Wi-Fi, "
                    "computers still on Windows 10, passwords on sticky notes. A client or an "
                    "insurer has sent a security questionnaire they can't answer."
                ),
                "criteria": [
                    "5+ computers in one office",
                    "No full-time IT employee",
                    "Willing to move to a monthly support plan",
                    "Decision maker will attend a 30-minute review",
                ],
                "not_a_fit": (
                    "Home users, gaming PC builds, and companies that only want someone to call "
                    "when something breaks."
                ),
            },
            {
                "title": "Office or practice moving or opening a second location",
                "industries": (
                    "Offices of every kind, and medical, dental and veterinary practices adding a "
                    "site"
                ),
                "company_size": "10–150 staff",
                "geography": "Metro area and the river towns",
                "decision_makers": "Owner, office manager, practice administrator",
                "triggers": (
                    "They move into new premises in 90 days and need cabling, Wi-Fi, phones, "
                    "printers and internet working on day one. A dental or medical practice "
                    "opening a second location needs both sites on the same patient records "
                    "system and phone system. Two firms are merging and need one email system and "
                    "one file server."
                ),
                "criteria": [
                    "Move or opening date is set",
                    "10+ staff moving or being added",
                    "We can walk the new space before move-in",
                ],
                "not_a_fit": "Data-center builds and custom software development.",
            },
        ],
    },
    "chloe@example.com": {
        "website": "https://martininteriors.example.com",
        "phone": "+1 555 013 6092",
        "bio": (
            "I trained as an interior architect in Lyon and worked for a hotel design studio in "
            "Chicago before moving here and opening Martin Interiors in 2019. We design spaces "
            "that have to work hard: restaurant dining rooms and hotel lobbies, clinics and "
            "offices that need to feel welcoming, and homes remodeled for the long run. Clients "
            "see 3D renderings before anything is ordered; we then manage the furniture and "
            "finishes orders and work alongside the contractor from demolition to the last "
            "cushion."
        ),
        "talkable_difference": (
            "Clients see photo-real 3D renderings of the finished room before a single chair is "
            "ordered, so there are no surprises on opening day."
        ),
        "specific_ask": (
            "This month I'd like to meet a restaurant or café owner planning to renovate their "
            "dining room in the next year, or the general contractor they usually work with."
        ),
        "ideal_clients": [
            {
                "title": "Restaurant, café or hotel due for a refresh",
                "industries": "Restaurants, cafés, bars, boutique hotels, event venues",
                "company_size": "40–250 seats or 10–80 rooms",
                "geography": "Metro area and the lake and river towns within two hours",
                "decision_makers": "Owner, general manager, hotel asset manager",
                "triggers": (
                    "The dining room looks tired and online reviews mention it. They're "
                    "renovating the kitchen and want the front of house to match. A new concept "
                    "or a new chef needs a new look. They're opening a second location and want "
                    "it to feel like the first. A hotel brand's renovation deadline is coming up."
                ),
                "criteria": [
                    "Independent or a small group of 1–5 venues",
                    "Project budget of $75K or more",
                    "Opening or reopening within 12 months",
                    "Willing to pay a design fee",
                ],
                "not_a_fit": (
                    "Chain restaurants whose head office supplies the design, and projects where "
                    "the furniture has already been bought."
                ),
            },
            {
                "title": "Clinic or office that should feel more welcoming",
                "industries": "Medical and wellness clinics, law and financial offices, showrooms",
                "company_size": "2,000–20,000 sq ft",
                "geography": "Metro area",
                "decision_makers": "Owner, managing partner, clinic director, facilities manager",
                "triggers": (
                    "They're moving into an empty shell and have to fit it out. Patients say the "
                    "waiting room feels cold. A merger puts two teams in one office and nobody "
                    "wants the open-plan layout. Staff are coming back to the office and need "
                    "quiet rooms, better lighting and furniture that isn't falling apart."
                ),
                "criteria": [
                    "Moving, expanding or refreshing within 12 months",
                    "Owns or controls the space",
                    "Budget of $50K+ for fit-out and furniture",
                ],
                "not_a_fit": (
                    "Single-room paint-and-cushion refreshes, and staging a house for a quick "
                    "sale (I'll gladly recommend someone)."
                ),
            },
        ],
    },
    "raj@example.com": {
        "website": "https://patelroofing.example.com",
        "phone": "+1 555 014 2738",
        "bio": (
            "I started Patel Roofing in 2009 after running crews for a national roofing company, "
            "and we now have three crews and a repair van. We replace and repair shingle roofs on "
            "houses, and flat and low-slope roofs on commercial buildings. After a hail storm "
            "we're on the roof the same week: we photograph every inch and meet the insurance "
            "adjuster on site, so homeowners don't have to argue about the claim alone. Every new "
            "roof comes with a written ten-year workmanship warranty and a free spring check-up "
            "for five years."
        ),
        "talkable_difference": (
            "After a storm we meet the insurance adjuster on your roof with our own photos, so "
            "you never negotiate the claim alone."
        ),
        "specific_ask": (
            "This month I'd like to meet a property manager responsible for flat-roofed buildings "
            "– strip malls, warehouses or churches – that have had patch repairs for years."
        ),
        "ideal_clients": [
            {
                "title": "Homeowner after a storm or with an ageing roof",
                "industries": "Homeowners, especially with roofs 15 or more years old",
                "company_size": "Single-family homes and duplexes",
                "geography": "Metro area and the river towns",
                "decision_makers": "Homeowner; both partners if possible",
                "triggers": (
                    "A roof leak showing as a brown stain on the ceiling after heavy rain. "
                    "Shingles in the yard after a wind storm, or dented gutters after hail. "
                    "Neighbors getting new roofs after the same storm. The home inspector flagged "
                    "the roof before a sale, or the insurer won't renew because the roof is too "
                    "old. Ice dams and icicles every winter."
                ),
                "criteria": [
                    "Owns the home",
                    "Leak, storm damage, or a roof over 15 years old",
                    "Someone home for a 45-minute inspection",
                ],
                "not_a_fit": (
                    "Tarping with no plan to repair, and anyone hoping we'll inflate an insurance "
                    "claim."
                ),
            },
            {
                "title": "Property manager with flat or low-slope roofs",
                "industries": "Strip malls, warehouses, churches, schools, apartment buildings",
                "company_size": "Roofs of 5,000–80,000 sq ft",
                "geography": "Within 60 miles of downtown",
                "decision_makers": (
                    "Property manager, facilities manager, church trustees, school business manager"
                ),
                "triggers": (
                    "Buckets on the warehouse floor every time it rains. Tenants complaining "
                    "about leaks over their stores. Years of patch repairs and nobody knows how "
                    "long the roof has left. A buyer's inspection or a lender flagged the roof. "
                    "Storm damage across several buildings at once."
                ),
                "criteria": [
                    "Owns or manages the building",
                    "Active leaks or a roof 20+ years old",
                    "Roof work is in this year's or next year's budget",
                    "Roof access for an inspection",
                ],
                "not_a_fit": (
                    "New-construction roofs for large developers, and metal roofs on farm "
                    "buildings."
                ),
            },
        ],
    },
    "emma@example.com": {
        "website": "https://lindqvisthr.example.com",
        "phone": "+1 555 015 7301",
        "bio": (
            "I was HR director of a 600-person manufacturer for eleven years before starting "
            "Lindqvist HR Consulting in 2018. Now I'm the part-time HR department for growing "
            "companies that aren't ready for a full-time HR hire, and a coach for new HR managers "
            "who have inherited a mess. Handbooks, job descriptions, performance reviews, "
            "workplace investigations, terminations done properly, and the federal and state "
            "compliance that goes with all of it. I work on a monthly retainer and I'm on call "
            "when something goes wrong at 4 p.m. on a Friday."
        ),
        "talkable_difference": (
            "I'm your part-time HR director on a monthly retainer, so a growing company gets "
            "senior HR judgment without a six-figure hire."
        ),
        "specific_ask": (
            "This month I'd like to meet an owner whose company has just passed 25 employees and "
            "who still handles hiring, complaints and firing personally."
        ),
        "ideal_clients": [
            {
                "title": "Growing company with no HR person",
                "industries": (
                    "Manufacturing, construction, restaurant and hospitality groups, healthcare "
                    "clinics, software companies"
                ),
                "company_size": "15–150 employees",
                "geography": "Metro area; remote support across the Midwest",
                "decision_makers": (
                    "Owner, CEO, operations manager, the controller who has been handed HR"
                ),
                "triggers": (
                    "They've just passed 15 or 50 employees and new federal rules apply to them. "
                    "There's no employee handbook, or it was copied from another company in 2012. "
                    "A harassment complaint or a manager behaving badly, and nobody knows how to "
                    "investigate. They need to fire someone and are afraid of being sued. Staff "
                    "turnover is high and every exit interview says the same thing. Job offers "
                    "still go out by text message."
                ),
                "criteria": [
                    "15 or more employees",
                    "No dedicated HR professional",
                    "Owner wants HR fixed this quarter",
                    "Open to a monthly retainer",
                ],
                "not_a_fit": (
                    "Companies that only want a recruiting agency, and employees seeking advice "
                    "against their own employer."
                ),
            },
            {
                "title": "New HR manager drowning in policies",
                "industries": "Any industry",
                "company_size": "50–300 employees",
                "geography": "Metro area",
                "decision_makers": "HR manager or HR generalist, and their boss (COO or CFO)",
                "triggers": (
                    "An office manager or a receptionist has just been promoted to HR manager "
                    "without any training. Policies are out of date, scattered across shared "
                    "drives and contradict each other. They've been asked to roll out performance "
                    "reviews or open enrollment by next month. A state audit or an unemployment "
                    "claim has shown that paperwork is missing."
                ),
                "criteria": [
                    "In the HR role less than 18 months",
                    "Employer will pay for coaching",
                    "Has a specific project or deadline",
                ],
                "not_a_fit": (
                    "Large companies with an established HR team and in-house employment lawyers."
                ),
            },
        ],
    },
    "marco@example.com": {
        "website": "https://bianchicatering.example.com",
        "phone": "+1-555-016-9145",
        "bio": (
            "Bianchi Catering started as my grandmother's Sunday lunches and became a business in "
            "2010. Today we have a production kitchen in the Old Mill District, fourteen staff "
            "and two refrigerated vans. We cater office breakfasts and working lunches, company "
            "parties and private celebrations from 20 to 400 guests, with Italian food made from "
            "scratch and vegetarian, vegan and gluten-free dishes that don't feel like an "
            "afterthought. We also cook the breakfast at this group's anniversary meeting every "
            "year."
        ),
        "talkable_difference": (
            "We label every dish for allergens and cook the vegetarian and gluten-free options "
            "from scratch, so every guest gets a real meal, not a side salad."
        ),
        "specific_ask": (
            "This month I'd like to meet the office manager or events coordinator at a company of "
            "50+ people that holds monthly all-hands meetings or regular client training days."
        ),
        "ideal_clients": [
            {
                "title": "Office that feeds its team or its clients every month",
                "industries": (
                    "Corporate offices, banks, law and accounting firms, hospital administration, "
                    "training centers"
                ),
                "company_size": "30–500 employees",
                "geography": "Metro area; delivery within 25 miles",
                "decision_makers": (
                    "Office manager, events coordinator, receptionist who orders for meetings"
                ),
                "triggers": (
                    "Monthly lunch meetings where the same sandwich platters turn up every time. "
                    "Client training days or board meetings that need breakfast and lunch "
                    "delivered on time. Their current caterer was late or forgot the allergy "
                    "orders. A new office opening with a launch reception for clients."
                ),
                "criteria": [
                    "Orders catering at least monthly",
                    "20+ people per order",
                    "One person books and pays",
                    "Delivery address within 25 miles",
                ],
                "not_a_fit": (
                    "Single pizza orders, and venues that require their own in-house caterer."
                ),
            },
            {
                "title": "Company holiday party, picnic or anniversary",
                "industries": (
                    "Manufacturers, contractors, car dealerships, nonprofits holding galas"
                ),
                "company_size": "50–400 guests",
                "geography": (
                    "Venues across the metro area, or the client's own warehouse, showroom or "
                    "grounds"
                ),
                "decision_makers": "Owner, people or events lead, social committee chair",
                "triggers": (
                    "A holiday party, summer picnic, company anniversary or retirement dinner on "
                    "their own premises, with food, servers, rentals and cleanup all needed. The "
                    "venue they used last year has closed or raised its prices. A grand opening "
                    "or a customer appreciation day with a few hundred visitors."
                ),
                "criteria": [
                    "Event date set at least 2 months out",
                    "50 or more guests",
                    "Budget of about $35 per guest or more",
                ],
                "not_a_fit": (
                    "Events that need us to run a full bar; we bring the food and staff and work "
                    "with a licensed bartending company."
                ),
            },
            {
                "title": "Family celebration or funeral reception",
                "industries": "Families, churches and parish halls, funeral homes",
                "company_size": "30–200 guests",
                "geography": "Metro area",
                "decision_makers": "The host family, a church office, a funeral director",
                "triggers": (
                    "A wedding rehearsal dinner, graduation party, milestone birthday or "
                    "christening at home or in a parish hall. A funeral reception that has to be "
                    "arranged in three days, with a family too tired to think about food. A "
                    "family reunion in a park pavilion."
                ),
                "criteria": [
                    "Date and rough guest count known",
                    "Venue allows outside catering",
                ],
                "not_a_fit": (
                    "Full weddings of more than 150 guests in May–October; we're usually booked."
                ),
            },
        ],
    },
    "nadia@example.com": {
        "website": "https://haddaddentistry.example.com",
        "phone": "+1 (555) 017-0286",
        "bio": (
            "I opened Haddad Family Dentistry in Cedar Grove in 2016, after dental school at the "
            "state university and five years as an associate. We're two dentists, three "
            "hygienists and a front desk that actually calls you back. We see whole families, "
            "from a toddler's first checkup to a grandparent's dentures, and we take most PPO "
            "insurance plans. We're open two evenings a week, keep same-day slots for "
            "emergencies, and we're good with nervous patients: we explain everything before we "
            "do it."
        ),
        "talkable_difference": (
            "We see the whole family back to back in one visit, with two evenings a week, so "
            "parents don't lose a day's work to the dentist."
        ),
        "specific_ask": (
            "This month I'd like to meet whoever runs employee benefits at a company of 30–200 "
            "people in the south suburbs and would let us host a free checkup morning for staff."
        ),
        "ideal_clients": [
            {
                "title": "Family new to the area looking for a dentist",
                "industries": (
                    "Families with children; people who have just moved to the south side"
                ),
                "company_size": "Households of 2–6",
                "geography": "Cedar Grove, the south suburbs and downtown",
                "decision_makers": "The parent or guardian who books appointments",
                "triggers": (
                    "They've just moved here and need a new family dentist. A child has a "
                    "toothache, or chipped a tooth in a fall, and their old dentist is three "
                    "states away. The children haven't had a dental checkup or cleaning in over a "
                    "year. A new job came with dental insurance and they want to use it."
                ),
                "criteria": [
                    "Lives or works within 20 minutes of Cedar Grove",
                    "Has PPO dental insurance or will pay directly",
                    "Willing to book within 2 weeks",
                ],
                "not_a_fit": (
                    "Medicaid-only patients for now (we're not in network; I'll point you to the "
                    "clinic that is), and cosmetic-only requests such as veneers before a wedding "
                    "next week."
                ),
            },
            {
                "title": "Adult who has avoided the dentist for years",
                "industries": "Working adults, especially anxious or nervous patients",
                "company_size": "Individuals and couples",
                "geography": "Metro area",
                "decision_makers": "The patient",
                "triggers": (
                    "They haven't been to a dentist in five years because a bad experience scared "
                    "them. A cracked tooth, bleeding gums or a tooth that hurts with cold drinks. "
                    "Embarrassed about missing teeth and wondering about implants or dentures. A "
                    "partner or friend keeps nagging them to go."
                ),
                "criteria": [
                    "Ready to book an exam, even if nervous",
                    "A specific tooth problem or a long gap since the last visit",
                    "Can come to Cedar Grove",
                ],
                "not_a_fit": "Teenagers who need braces – we refer them to an orthodontist.",
            },
        ],
    },
    "lucas@example.com": {
        "website": "https://silvalandscaping.example.com",
        "phone": "+1 555 018 6650",
        "bio": (
            "Silva Landscaping designs, builds and maintains outdoor spaces. I started mowing "
            "lawns in Bluff Heights at sixteen; today we're 22 people in high season, with a "
            "designer, two build crews for patios and retaining walls, and maintenance crews that "
            "look after office parks, HOAs and apartment complexes all year, including snow "
            "removal in winter. We're certified irrigation contractors and use native plants "
            "wherever we can to cut watering costs."
        ),
        "talkable_difference": (
            "The same crew leader looks after your grounds on every visit, all year round "
            "including snow, so nothing gets missed and you have one number to call."
        ),
        "specific_ask": (
            "This month I'd like to meet an HOA board president or community manager whose "
            "landscaping agreement comes up for renewal before spring."
        ),
        "ideal_clients": [
            {
                "title": "HOA or commercial property needing year-round grounds care",
                "industries": (
                    "HOAs, office parks, apartment complexes, churches, medical campuses"
                ),
                "company_size": "2–40 acres of maintained grounds",
                "geography": "Metro area, north and south suburbs",
                "decision_makers": (
                    "Community manager, HOA board, property manager, facilities director"
                ),
                "triggers": (
                    "Their landscaping crew skips mowing weeks and the board gets complaints. "
                    "Snow wasn't plowed before the morning rush last winter. The irrigation is "
                    "broken and the water bill has doubled. Flower beds full of weeds and dead "
                    "shrubs are hurting curb appeal and making units harder to rent."
                ),
                "criteria": [
                    "Grounds agreement up for renewal within 6 months",
                    "Board or manager can sign a 12-month agreement",
                    "Property inside our service area",
                ],
                "not_a_fit": (
                    "One-off mowing for a single house, and tree removal needing an arborist and "
                    "a crane."
                ),
            },
            {
                "title": "Homeowner planning a patio, garden or yard makeover",
                "industries": "Homeowners with larger lots",
                "company_size": "Projects of $15K–$150K",
                "geography": "Bluff Heights, Cedar Grove, the west side and the river towns",
                "decision_makers": "Homeowner couple",
                "triggers": (
                    "They've just bought a house with an overgrown yard. Water pools along the "
                    "foundation after rain. They want a patio, an outdoor kitchen, a fire pit or "
                    "a retaining wall before summer. The children have grown up and they'd like a "
                    "garden instead of a play area. A house about to go on the market needs curb "
                    "appeal fast."
                ),
                "criteria": [
                    "Owns the home",
                    "Budget of $15K or more",
                    "Wants design and build, not just labor",
                    "Ready to start within 6 months",
                ],
                "not_a_fit": "Artificial turf and swimming pool construction.",
            },
        ],
    },
    "yuki@example.com": {
        "website": "https://tanakaphoto.example.com",
        "phone": "+1 555 019 3007",
        "bio": (
            "I'm a commercial photographer. I spent seven years as a newspaper photojournalist "
            "before opening Tanaka Photography in a studio above the old cannery. I photograph "
            "people at work: headshots and team portraits, real photos for companies tired of "
            "stock images, products, and conferences and corporate events. I bring lights and a "
            "backdrop to the client's office so a whole team can be photographed in one morning "
            "without anyone leaving the building."
        ),
        "talkable_difference": (
            "I set up a portable studio in your office and photograph the whole team in one "
            "morning, with every headshot matching in light and background."
        ),
        "specific_ask": (
            "This month I'd like to meet the marketing manager of a law, accounting or "
            "real-estate firm of 20+ people whose team page is a mix of selfies and old photos."
        ),
        "ideal_clients": [
            {
                "title": "Firm that needs matching headshots and team photos",
                "industries": (
                    "Law, accounting and financial firms, real-estate brokerages, clinics, "
                    "software companies"
                ),
                "company_size": "10–200 people",
                "geography": "Metro area; travel across the state",
                "decision_makers": "Marketing manager, office manager, managing partner",
                "triggers": (
                    "The team page shows a mix of selfies, ten-year-old photos and empty "
                    "silhouettes. New people join every month and need a headshot that matches "
                    "everyone else's. A rebrand or a new website needs real photos of the team "
                    "and the office. LinkedIn profiles look amateur ahead of a big pitch."
                ),
                "criteria": [
                    "10+ people to photograph",
                    "A rebrand, a new site or regular new hires",
                    "Someone who can schedule the team's time",
                ],
                "not_a_fit": "Weddings, family portraits and school photos.",
            },
            {
                "title": "Conference, gala or awards night",
                "industries": (
                    "Associations, nonprofits, corporate event planners, hotels and venues"
                ),
                "company_size": "Events of 50–1,000 attendees",
                "geography": "Metro area and anywhere within a day's drive",
                "decision_makers": "Event planner, communications director, association executive",
                "triggers": (
                    "An annual conference, awards dinner, fundraising gala or product launch that "
                    "needs photos the same night for social media. Last year's photographer "
                    "delivered weeks late. Sponsors expect photos of their stand and logo."
                ),
                "criteria": [
                    "Event date confirmed",
                    "Photos will be used for marketing or sponsors",
                    "Budget of $1,500 or more",
                ],
                "not_a_fit": "Private parties and events where guests must not be photographed.",
            },
        ],
    },
    "ben@example.com": {
        "website": "https://cartercleaning.example.com",
        "phone": "+1 555 010 7518",
        "bio": (
            "Carter Commercial Cleaning cleans offices, clinics and industrial spaces in the "
            "evenings and at weekends. I started in 2013 with one van and a floor machine; today "
            "we employ 48 cleaners, all background-checked, paid above the local average and "
            "supervised by a night manager who inspects every building. Clients get a simple app "
            "to report anything we missed, and we fix it the next night. We're insured and "
            "bonded, and trained in infection control for medical spaces."
        ),
        "talkable_difference": (
            "Every building has a named supervisor who inspects it weekly, and anything reported "
            "in our app is put right the next night."
        ),
        "specific_ask": (
            "This month I'd like to meet a facilities manager or office manager responsible for "
            "20,000 sq ft or more of offices who has changed janitorial companies twice in the "
            "last two years."
        ),
        "ideal_clients": [
            {
                "title": "Office or clinic unhappy with its cleaners",
                "industries": "Offices, medical and veterinary clinics, banks, schools, gyms",
                "company_size": "5,000–100,000 sq ft",
                "geography": "Metro area",
                "decision_makers": (
                    "Office manager, facilities manager, property manager, clinic administrator"
                ),
                "triggers": (
                    "Overflowing bins and dusty desks on Monday morning. A different cleaner "
                    "every week who doesn't know the building. Staff complaining about the "
                    "restrooms. A clinic that must pass an infection-control inspection. A new "
                    "building or an expansion that needs a janitorial agreement in place before "
                    "staff move in."
                ),
                "criteria": [
                    "At least 5,000 sq ft",
                    "Cleaning 3+ nights a week",
                    "Can sign a 12-month agreement",
                    "Frustrated with the current cleaning company",
                ],
                "not_a_fit": "House cleaning and apartment move-out cleans.",
            },
            {
                "title": "Builder needing a post-construction clean",
                "industries": "General contractors, commercial builders, restoration companies",
                "company_size": "Projects of 2,000–60,000 sq ft",
                "geography": "Within 50 miles",
                "decision_makers": "Project manager, site superintendent",
                "triggers": (
                    "A building handover next month and the space is covered in drywall dust, "
                    "window stickers and paint spots on the floors. The owner's walk-through "
                    "failed on cleanliness. A restoration after water or fire damage that needs a "
                    "deep clean before people can return."
                ),
                "criteria": [
                    "Handover date set",
                    "Commercial or multi-unit project",
                    "Site access for a walk-through",
                ],
                "not_a_fit": "Hazardous waste, mold remediation and biohazard cleanup.",
            },
        ],
    },
    "fatima@example.com": {
        "website": "https://zahraphysio.example.com",
        "phone": "+1 555 011 5543",
        "bio": (
            "I'm a doctor of physical therapy and a board-certified orthopedic clinical "
            "specialist. I opened Zahra Physiotherapy in 2020 beside the riverfront trail, with "
            "three physical therapists and a small gym. We see each patient one-to-one for a full "
            "45 minutes, never two at once, and give everyone a home exercise plan they can "
            "follow on their phone. We treat back and neck pain, sports injuries and people "
            "recovering from surgery, and we visit workplaces to fix the desks, lifting and "
            "habits that cause injuries in the first place."
        ),
        "talkable_difference": (
            "Every appointment is a full 45 minutes one-to-one with the same physical therapist, "
            "never shared with another patient."
        ),
        "specific_ask": (
            "This month I'd like to meet the organizer of a running club, or the owner of a gym "
            "or CrossFit box, whose members keep getting hurt and dropping out."
        ),
        "ideal_clients": [
            {
                "title": "Active adult with an injury or pain that won't go away",
                "industries": (
                    "Runners, cyclists, weekend athletes, golfers, desk workers with back or neck "
                    "pain"
                ),
                "company_size": "Individuals aged 18–75",
                "geography": "Metro area; the clinic is on the riverfront trail",
                "decision_makers": "The patient",
                "triggers": (
                    "Knee pain that stops them running. An ankle that keeps rolling after a "
                    "sprain. Back pain after sitting all day or lifting a toddler. A shoulder "
                    "that hurts reaching overhead. They were told to rest and it hasn't helped. A "
                    "knee or hip replacement or an ACL repair coming up, and they want to be "
                    "strong before and after surgery."
                ),
                "criteria": [
                    "Pain or injury affecting daily life or sport",
                    "Wants hands-on treatment and exercises",
                    "Can attend weekly for 4–8 weeks",
                ],
                "not_a_fit": (
                    "Workers' comp cases in litigation, and anyone who only wants a massage."
                ),
            },
            {
                "title": "Employer with sore backs and strain injuries",
                "industries": (
                    "Warehouses, manufacturers, construction companies, offices full of desk staff"
                ),
                "company_size": "30–500 employees",
                "geography": "Metro area",
                "decision_makers": "Safety manager, operations manager, owner",
                "triggers": (
                    "Back strains and shoulder injuries from lifting keep happening. Staff "
                    "working from laptops at kitchen tables complain of neck pain and headaches. "
                    "A new production line or warehouse layout and nobody has looked at how "
                    "people lift, bend and reach. A safety consultant has recommended an "
                    "ergonomic assessment."
                ),
                "criteria": [
                    "30+ employees doing physical or desk work",
                    "A safety or operations lead who will own it",
                    "Recent injuries or complaints to point to",
                ],
                "not_a_fit": (
                    "Pre-employment drug testing and occupational medicine – we don't provide "
                    "those."
                ),
            },
        ],
    },
    "peter@example.com": {
        "website": "https://walshauto.example.com",
        "phone": "+1 555 012 0971",
        "bio": (
            "Walsh Auto Repair is a six-bay shop on Industrial Drive with five ASE-certified "
            "technicians. I worked there as a mechanic for ten years and bought it from its "
            "founder in 2012. Besides local families who've been coming to us for decades, we "
            "keep about thirty local companies' vans and pickups on the road: scheduled "
            "servicing, state inspections, brakes, tires and diagnostics, usually the same day. "
            "We have a loaner pickup, and we'll collect vehicles from a yard before 7 a.m."
        ),
        "talkable_difference": (
            "We collect company vans from your yard before 7 a.m. and return them serviced the "
            "same day, so crews don't lose a morning."
        ),
        "specific_ask": (
            "This month I'd like to meet the operations manager of a courier, delivery or "
            "home-care company running 5–30 vehicles who is tired of waiting days for the "
            "dealer's service department."
        ),
        "ideal_clients": [
            {
                "title": "Local company running a fleet of vans or pickups",
                "industries": (
                    "Trade contractors, couriers and delivery firms, home-care agencies, "
                    "florists, equipment rental companies"
                ),
                "company_size": "5–40 vehicles",
                "geography": "Metro area; pick-up within 15 miles of the shop",
                "decision_makers": "Fleet manager, operations manager, owner",
                "triggers": (
                    "Vans breaking down on the way to a job because nobody tracks oil changes. "
                    "The dealer takes three days and has no loaner. Squealing brakes or a "
                    "check-engine light on a van that has to be on the road tomorrow. A new "
                    "customer means adding vehicles and they want one shop for all of them. State "
                    "inspections due across the whole fleet."
                ),
                "criteria": [
                    "5 or more vehicles",
                    "Vans and pickups, not semi trucks",
                    "One person approves repairs",
                    "Open to a monthly maintenance schedule",
                ],
                "not_a_fit": (
                    "Semi trucks and heavy equipment, classic-car restoration, and collision body "
                    "work, which we send to a body shop."
                ),
            },
        ],
    },
    "isabel@example.com": {
        "website": "https://costatravel.example.com",
        "phone": "+1 555 013 8824",
        "bio": (
            "Costa Travel is a corporate travel agency: three agents and me, with a real person "
            "on call 24 hours a day when a flight is cancelled at midnight. Before opening Costa "
            "Travel I spent twelve years arranging travel for a medical-device company's sales "
            "force, so I know what it costs when a rep misses a customer meeting because of a "
            "missed connection. We book flights, hotels and cars for companies whose people "
            "travel, organize team offsites and incentive trips, and report every month on what "
            "was spent and saved."
        ),
        "talkable_difference": (
            "When a flight is cancelled at midnight, your travelers call a person who already "
            "knows their trip and rebooks them before the airline's lines open."
        ),
        "specific_ask": (
            "This month I'd like to meet a CFO or controller at a company whose sales or service "
            "staff take 20+ trips a month and still book on their own credit cards."
        ),
        "ideal_clients": [
            {
                "title": "Company whose people travel every month",
                "industries": (
                    "Manufacturers, engineering firms, medical-device and software sales teams, "
                    "nonprofits with field staff"
                ),
                "company_size": "Travel spend of $100K–$2M a year",
                "geography": "Based in the metro area; trips anywhere",
                "decision_makers": "CFO, controller, operations director, office manager",
                "triggers": (
                    "Everyone books their own flights on personal cards and finance loses days to "
                    "expense reports. When bad weather closes an airport nobody knows where their "
                    "people are. Airfares have gone up and there's no travel policy. A traveler "
                    "was stranded overnight with nobody to call."
                ),
                "criteria": [
                    "20+ business trips a month across the company",
                    "No travel agency or travel policy today",
                    "CFO or controller will take the first meeting",
                ],
                "not_a_fit": "Family vacations and honeymoons – we only handle business travel.",
            },
            {
                "title": "Team offsite, sales kickoff or incentive trip",
                "industries": (
                    "Companies gathering or rewarding a team; associations planning a member trip"
                ),
                "company_size": "15–200 travelers",
                "geography": (
                    "Departing from the metro area; destinations in the US, Mexico and the "
                    "Caribbean"
                ),
                "decision_makers": "CEO, sales director, people lead, chief of staff",
                "triggers": (
                    "A sales kickoff or leadership offsite needs flights, hotel rooms and meeting "
                    "space in another city. The company has promised top performers a reward trip "
                    "and has six months to organize it. Thirty staff need flights and visas for a "
                    "conference abroad."
                ),
                "criteria": [
                    "Dates or at least a season chosen",
                    "15 or more travelers",
                    "Budget approved by whoever signs off",
                ],
                "not_a_fit": "Group trips for next week with no budget agreed.",
            },
        ],
    },
    "noah@example.com": {
        "website": "https://schmidtsolar.example.com",
        "phone": "+1 555 015 1146",
        "bio": (
            "I'm a NABCEP-certified solar installer and an electrical engineer by training. I "
            "started Schmidt Solar in 2021 and we now have two install crews. We design and "
            "install rooftop and ground-mounted solar panels and battery storage for homes, farms "
            "and businesses, and we handle the utility interconnection, permits and incentive "
            "paperwork. Every proposal shows the payback using the customer's real electric bills "
            "from the last twelve months, not a salesperson's guess."
        ),
        "talkable_difference": (
            "Every proposal uses your actual last twelve months of electric bills, so the payback "
            "we quote is the payback you get."
        ),
        "specific_ask": (
            "This month I'd like to meet the owner of a farm, winery or warehouse with a big "
            "south-facing rooftop or spare land and an electric bill over $1,500 a month."
        ),
        "ideal_clients": [
            {
                "title": "Homeowner with high electric bills",
                "industries": "Homeowners, especially with electric cars, heat pumps or pools",
                "company_size": "Electric bill of $150 a month or more",
                "geography": "Metro area and the surrounding counties",
                "decision_makers": "Homeowner couple",
                "triggers": (
                    "Summer electric bills over $300. They've just bought an electric car or "
                    "switched to a heat pump. Power outages have them thinking about battery "
                    "backup. They want to lock in their energy costs before utility rates rise "
                    "again. A neighbor down the street just went solar and keeps talking about "
                    "it."
                ),
                "criteria": [
                    "Owns the home",
                    "Sunny south-, east- or west-facing space, little shade",
                    "Electric bill over $150 a month",
                    "Plans to stay 5+ years",
                ],
                "not_a_fit": (
                    "Renters, houses under heavy tree shade, and buyers who only want the "
                    "cheapest panels they can find online."
                ),
            },
            {
                "title": "Farm or business with a big electric bill",
                "industries": (
                    "Farms, wineries, warehouses, cold storage, manufacturers, car washes"
                ),
                "company_size": "Electric bill of $1,000+ a month",
                "geography": "Within 100 miles",
                "decision_makers": "Owner, CFO, farm manager",
                "triggers": (
                    "Electricity is one of their three biggest costs and demand charges keep "
                    "climbing. They have a large flat rooftop, a parking lot for a solar canopy, "
                    "or land they don't use. A big customer has asked them to report their carbon "
                    "emissions. They're profitable and can use accelerated depreciation and the "
                    "federal investment credit this year."
                ),
                "criteria": [
                    "Owns the building or land, or has a 15+ year agreement",
                    "Electric bill over $1,000 a month",
                    "Profitable enough to use the federal credit",
                ],
                "not_a_fit": "Community solar subscriptions and off-grid cabins.",
            },
        ],
    },
}

SPHERES: dict[str, list[str]] = {
    "Property": [
        "sofia@example.com",
        "daniel@example.com",
        "raj@example.com",
        "lucas@example.com",
        "chloe@example.com",
        "noah@example.com",
    ],
    "Home services": [
        "maria@example.com",
        "james@example.com",
        "raj@example.com",
        "lucas@example.com",
        "noah@example.com",
    ],
    "Business services": [
        "tom@example.com",
        "aisha@example.com",
        "emma@example.com",
        "oliver@example.com",
        "grace@example.com",
        "samuel@example.com",
    ],
    "Marketing & growth": [
        "priya@example.com",
        "hannah@example.com",
        "lena@example.com",
        "yuki@example.com",
    ],
    "Events & hospitality": [
        "marco@example.com",
        "isabel@example.com",
        "yuki@example.com",
        "lena@example.com",
    ],
    "Health & wellbeing": ["nadia@example.com", "fatima@example.com", "emma@example.com"],
    "Workplace & facilities": [
        "ben@example.com",
        "samuel@example.com",
        "james@example.com",
        "chloe@example.com",
        "peter@example.com",
    ],
}
