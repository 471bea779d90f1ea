<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AcornApp</name>
    <message>
        <source>Opening the demo database…</source>
        <translation>正在打开演示数据库…</translation>
    </message>
    <message>
        <source>Unlocking the database…</source>
        <translation>正在解锁数据库…</translation>
    </message>
    <message>
        <source>Setting up a new database…</source>
        <translation>正在设置新数据库…</translation>
    </message>
    <message>
        <source>Creating the encrypted database…</source>
        <translation>正在创建加密数据库…</translation>
    </message>
    <message>
        <source>Master password for {location}:</source>
        <translation>请输入 {location} 的主密码：</translation>
    </message>
    <message>
        <source>Wrong master password. Please try again.</source>
        <translation>主密码不正确，请重试。</translation>
    </message>
    <message>
        <source>Unlock the database</source>
        <translation>解锁数据库</translation>
    </message>
    <message>
        <source>Creating demo data… {done} / {total}</source>
        <translation>正在生成演示数据… {done} / {total}</translation>
    </message>
</context>
<context>
    <name>AppActions</name>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Status Bar</source>
        <translation>状态栏(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;About ACORN-i</source>
        <translation>关于 ACORN-i(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>About ACORN-i</source>
        <translation>关于 ACORN-i</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ACORN-i Refund Assistant {version}&lt;/h3&gt;&lt;p&gt;Refunds, returns, A-to-z claims and chargebacks for Amazon sellers, with deadlines, approvals and an audit log.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ACORN-i 退款助手 {version}&lt;/h3&gt;&lt;p&gt;为亚马逊卖家处理退款、退货、A-to-z 索赔和拒付，含截止时间、审批和审计日志。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>关于 Qt</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>ACORN-i: error</source>
        <translation>ACORN-i：出错了</translation>
    </message>
    <message>
        <source>The details have been written to the log file.</source>
        <translation>详细信息已写入日志文件。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ACORN-i Refund Assistant</source>
        <translation>ACORN-i 退款助手</translation>
    </message>
    <message>
        <source>Case queue</source>
        <translation>工单队列</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Where the database is</source>
        <translation>数据库所在位置</translation>
    </message>
    <message>
        <source>Demo mode (sandbox)</source>
        <translation>演示模式(沙盒)</translation>
    </message>
    <message>
        <source>Team mode</source>
        <translation>团队模式</translation>
    </message>
    <message>
        <source>Local encrypted database</source>
        <translation>本地加密数据库</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <source>Cases: {total}  ·  open: {open}  ·  overdue: {overdue}</source>
        <translation>工单：{total}  ·  未结：{open}  ·  已逾期：{overdue}</translation>
    </message>
</context>
<context>
    <name>QueueArea</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Case overview</source>
        <translation>工单概览</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Cases in total</source>
        <translation>工单总数</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>By case type</source>
        <translation>按工单类型</translation>
    </message>
    <message>
        <source>By state</source>
        <translation>按状态</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation>已是最新。</translation>
    </message>
    <message>
        <source>The case overview could not be loaded.</source>
        <translation>无法加载工单概览。</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>SKU / ASIN</source>
        <translation>SKU / ASIN</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>≈ CNY</source>
        <translation>≈ 人民币</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>This column cannot be sorted</source>
        <translation>此列不能排序</translation>
    </message>
    <message>
        <source>Deadline {local} ({zone}) · {utc} UTC</source>
        <translation>截止时间 {local}({zone})· UTC {utc}</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>Search order ID, SKU or ASIN  (Ctrl+F)</source>
        <translation>搜索订单号、SKU 或 ASIN(Ctrl+F)</translation>
    </message>
    <message>
        <source>All marketplaces</source>
        <translation>全部站点</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Any deadline</source>
        <translation>不限截止时间</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Within 6 h</source>
        <translation>6 小时内到期</translation>
    </message>
    <message>
        <source>Within 24 h</source>
        <translation>24 小时内到期</translation>
    </message>
    <message>
        <source>Within 3 days</source>
        <translation>3 天内到期</translation>
    </message>
    <message>
        <source>Min amount</source>
        <translation>最低金额</translation>
    </message>
    <message>
        <source>Max amount</source>
        <translation>最高金额</translation>
    </message>
    <message>
        <source>All open cases</source>
        <translation>全部未结工单</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>High risk</source>
        <translation>高风险</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>All cases (history)</source>
        <translation>全部工单(含历史)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Next case</source>
        <translation>下一个工单</translation>
    </message>
    <message>
        <source>Previous case</source>
        <translation>上一个工单</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>打开工单</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>{count} cases</source>
        <translation>{count} 个工单</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Create an encrypted database</source>
        <translation>创建加密数据库</translation>
    </message>
    <message>
        <source>Welcome to ACORN-i Refund Assistant</source>
        <translation>欢迎使用 ACORN-i 退款助手</translation>
    </message>
    <message>
        <source>ACORN-i keeps your data in an encrypted database in this folder:</source>
        <translation>ACORN-i 会把您的数据保存在以下文件夹中的加密数据库里：</translation>
    </message>
    <message>
        <source>How should the database key be protected?</source>
        <translation>数据库密钥如何保管？</translation>
    </message>
    <message>
        <source>System keyring (recommended)</source>
        <translation>系统密钥环（推荐）</translation>
    </message>
    <message>
        <source>The key is kept in the operating system&apos;s credential store; the database unlocks by itself when you are signed in to this computer.</source>
        <translation>密钥保存在操作系统的凭据管理器中；登录本机后，数据库会自动解锁。</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so the key cannot be kept there. Use a master password instead.</source>
        <translation>本机没有可用的系统密钥环，无法在其中保存密钥。请改用主密码。</translation>
    </message>
    <message>
        <source>Master password</source>
        <translation>主密码</translation>
    </message>
    <message>
        <source>You enter it each time the app starts.</source>
        <translation>每次启动程序时输入。</translation>
    </message>
    <message>
        <source>At least {count} characters</source>
        <translation>至少 {count} 个字符</translation>
    </message>
    <message>
        <source>A forgotten master password cannot be recovered: without it nobody can open the data, not even support.</source>
        <translation>主密码忘记后无法找回：没有它，任何人（包括技术支持）都无法打开数据。</translation>
    </message>
    <message>
        <source>Master password:</source>
        <translation>主密码：</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>Create database</source>
        <translation>创建数据库</translation>
    </message>
    <message>
        <source>Choose a master password of at least {count} characters.</source>
        <translation>请设置至少 {count} 个字符的主密码。</translation>
    </message>
    <message>
        <source>The master password needs at least {count} characters.</source>
        <translation>主密码至少需要 {count} 个字符。</translation>
    </message>
    <message>
        <source>Type the master password again to confirm it.</source>
        <translation>请再次输入主密码以确认。</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>两次输入的主密码不一致。</translation>
    </message>
</context>
<context>
    <name>SyncFeature</name>
    <message>
        <source>&amp;Sync Now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top Sync</source>
        <translation>停止同步(&amp;T)</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Stopping sync…</source>
        <translation>正在停止同步…</translation>
    </message>
    <message>
        <source>Syncing {store}: {pages} pages, {events} new events, {cases} new cases</source>
        <translation>正在同步 {store}:{pages} 页,新事件 {events} 条,新工单 {cases} 个</translation>
    </message>
    <message>
        <source>No stores to sync</source>
        <translation>没有可同步的店铺</translation>
    </message>
    <message>
        <source>Sync stopped at {time}</source>
        <translation>同步已于 {time} 停止</translation>
    </message>
    <message>
        <source>Sync at {time}: {count} store(s) with problems</source>
        <translation>{time} 同步:{count} 个店铺有问题</translation>
    </message>
    <message>
        <source>Synced at {time}</source>
        <translation>已于 {time} 同步</translation>
    </message>
    <message>
        <source>{store}: needs re-authorisation</source>
        <translation>{store}:需要重新授权</translation>
    </message>
    <message>
        <source>{store}: error – {reason}</source>
        <translation>{store}:出错 – {reason}</translation>
    </message>
    <message>
        <source>{store}: OK, {cases} new cases</source>
        <translation>{store}:正常,新工单 {cases} 个</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
</context>
</TS>
