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
    <name>CaseDetailPane</name>
    <message>
        <source>Select a case in the queue to see its details.</source>
        <translation>在队列中选择一个工单即可查看详情。</translation>
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
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>SKU / ASIN</source>
        <translation>SKU / ASIN</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>No order data for this case yet.</source>
        <translation>此工单暂无订单数据。</translation>
    </message>
    <message>
        <source>Applicable policy</source>
        <translation>适用政策</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>No evidence attached yet.</source>
        <translation>尚未添加证据。</translation>
    </message>
    <message>
        <source>Evidence category</source>
        <translation>证据类别</translation>
    </message>
    <message>
        <source>Add evidence…</source>
        <translation>添加证据…</translation>
    </message>
    <message>
        <source>The file is stored inside the encrypted database (max 20 MB).</source>
        <translation>文件保存在加密数据库内(最大 20 MB)。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Internal notes</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <source>Only your team sees internal notes. Ctrl+Enter adds the note.</source>
        <translation>内部备注仅团队成员可见。按 Ctrl+Enter 添加。</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>快捷键:Ctrl+Enter</translation>
    </message>
    <message>
        <source>Loading case #{id}…</source>
        <translation>正在加载工单 #{id}…</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>已添加备注。</translation>
    </message>
    <message>
        <source>Evidence added: {file}</source>
        <translation>已添加证据:{file}</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Assignee: {name}</source>
        <translation>负责人已改为 {name}</translation>
    </message>
    <message>
        <source>Add evidence</source>
        <translation>添加证据</translation>
    </message>
    <message>
        <source>Evidence (*.pdf *.png *.jpg *.jpeg *.webp *.heic *.eml *.msg *.txt *.csv *.xlsx *.docx);;All files (*)</source>
        <translation>证据文件 (*.pdf *.png *.jpg *.jpeg *.webp *.heic *.eml *.msg *.txt *.csv *.xlsx *.docx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export evidence</source>
        <translation>导出证据</translation>
    </message>
    <message>
        <source>The file could not be written: {reason}</source>
        <translation>无法写入文件:{reason}</translation>
    </message>
    <message>
        <source>Something went wrong ({error}). The details are in the log file.</source>
        <translation>操作失败({error}),详情已写入日志文件。</translation>
    </message>
    <message>
        <source>FBA</source>
        <translation>亚马逊配送(FBA)</translation>
    </message>
    <message>
        <source>Seller fulfilled</source>
        <translation>卖家自配送</translation>
    </message>
    <message>
        <source>{order} · ordered {date} · {status} · {channel} · total {total}</source>
        <translation>{order} · 下单于 {date} · {status} · {channel} · 订单金额 {total}</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Unshipped</source>
        <translation>未发货</translation>
    </message>
    <message>
        <source>Partially shipped</source>
        <translation>部分发货</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Unfulfillable</source>
        <translation>无法配送</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>overdue by {span}</source>
        <translation>已逾期 {span}</translation>
    </message>
    <message>
        <source>≈ {span} left</source>
        <translation>剩余约 {span}</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} 天 {hours} 小时</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours} h + {days} business days</source>
        <translation>{hours} 小时 + {days} 个工作日</translation>
    </message>
    <message>
        <source>{days} business days</source>
        <translation>{days} 个工作日</translation>
    </message>
    <message>
        <source>{days} days ({hours} h)</source>
        <translation>{days} 天({hours} 小时)</translation>
    </message>
    <message>
        <source>{hours} hours</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <source>Marketplace policy {market} v{version}: {clock}</source>
        <translation>站点政策 {market} 第 {version} 版:{clock}</translation>
    </message>
    <message>
        <source>Response clock: {clock} (default for this case type)</source>
        <translation>答复时限:{clock}(该工单类型的默认时限)</translation>
    </message>
    <message>
        <source>Source: {source}</source>
        <translation>依据:{source}</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
</context>
<context>
    <name>DeadlineTray</name>
    <message>
        <source>ACORN-i Refund Assistant</source>
        <translation>ACORN-i 退款助手</translation>
    </message>
    <message>
        <source>Deadlines approaching</source>
        <translation>截止时间临近</translation>
    </message>
    <message>
        <source>{count} case(s) due within 1 hour</source>
        <translation>{count} 个工单将在 1 小时内到期</translation>
    </message>
    <message>
        <source>{count} case(s) due within {hours} hours</source>
        <translation>{count} 个工单将在 {hours} 小时内到期</translation>
    </message>
</context>
<context>
    <name>DelayedProgress</name>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
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
    <name>EvidenceModel</name>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
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
        <source>&amp;Cases</source>
        <translation>工单(&amp;C)</translation>
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
    <name>NotesModel</name>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>OrderItemsModel</name>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>ASIN</source>
        <translation>ASIN</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税费</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>运费</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Takes effect the next time ACORN-i starts.</source>
        <translation>下次启动 ACORN-i 时生效。</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Only when I click Sync Now</source>
        <translation>仅在点击“立即同步”时</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>界面语言:</translation>
    </message>
    <message>
        <source>Time zone for deadlines:</source>
        <translation>截止时间所用时区:</translation>
    </message>
    <message>
        <source>Sync automatically every:</source>
        <translation>自动同步间隔:</translation>
    </message>
    <message>
        <source>Deadline alerts (system tray)</source>
        <translation>截止时间提醒(系统托盘)</translation>
    </message>
    <message>
        <source>1 hour before</source>
        <translation>提前 1 小时</translation>
    </message>
    <message>
        <source>{hours} hours before</source>
        <translation>提前 {hours} 小时</translation>
    </message>
    <message>
        <source>Exchange rates for the ≈ CNY column (display only, never used for refunds)</source>
        <translation>“≈ 人民币”列的汇率(仅用于显示,不用于退款)</translation>
    </message>
    <message>
        <source>Default rates as of {date}.</source>
        <translation>默认汇率日期:{date}。</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>恢复默认</translation>
    </message>
</context>
<context>
    <name>PreferencesFeature</name>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>QueueActions</name>
    <message>
        <source>Send for &amp;Approval…</source>
        <translation>发送审批(&amp;A)…</translation>
    </message>
    <message>
        <source>Mark as &amp;Handled</source>
        <translation>标记为已处理(&amp;H)</translation>
    </message>
    <message>
        <source>Assign &amp;To</source>
        <translation>分配给(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation>取消分配(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;New Local User…</source>
        <translation>新建本地用户(&amp;N)…</translation>
    </message>
    <message>
        <source>Sending {count} case(s) for approval…</source>
        <translation>正在将 {count} 个工单发送审批…</translation>
    </message>
    <message>
        <source>{count} case(s) sent for approval</source>
        <translation>已将 {count} 个工单发送审批</translation>
    </message>
    <message>
        <source>Mark as handled</source>
        <translation>标记为已处理</translation>
    </message>
    <message>
        <source>Mark {count} cases as handled? They will be closed.</source>
        <translation>将 {count} 个工单标记为已处理?这些工单将被关闭。</translation>
    </message>
    <message>
        <source>Closing {count} case(s)…</source>
        <translation>正在关闭 {count} 个工单…</translation>
    </message>
    <message>
        <source>{count} case(s) marked as handled</source>
        <translation>已将 {count} 个工单标记为已处理</translation>
    </message>
    <message>
        <source>{count} case(s) unassigned</source>
        <translation>已取消 {count} 个工单的分配</translation>
    </message>
    <message>
        <source>{count} case(s) assigned to {name}</source>
        <translation>已将 {count} 个工单分配给 {name}</translation>
    </message>
    <message>
        <source>Assigning {count} case(s)…</source>
        <translation>正在分配 {count} 个工单…</translation>
    </message>
    <message>
        <source>Local user {name} added</source>
        <translation>已添加本地用户 {name}</translation>
    </message>
    <message>
        <source>Select one or more cases in the queue first.</source>
        <translation>请先在队列中选择一个或多个工单。</translation>
    </message>
    <message>
        <source>No users yet</source>
        <translation>暂无用户</translation>
    </message>
    <message>
        <source>The action was not carried out</source>
        <translation>操作未执行</translation>
    </message>
    <message>
        <source>New local user</source>
        <translation>新建本地用户</translation>
    </message>
    <message>
        <source>Name of the colleague to assign cases to:</source>
        <translation>要分配工单的同事姓名:</translation>
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
        <source>All stores</source>
        <translation>全部店铺</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>全部负责人</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
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
    <name>RatesModel</name>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>CNY per unit</source>
        <translation>每单位折合人民币</translation>
    </message>
    <message>
        <source>Default: {rate}</source>
        <translation>默认值:{rate}</translation>
    </message>
    <message>
        <source>“{value}” is not a valid rate: enter a number greater than 0.</source>
        <translation>“{value}”不是有效的汇率:请输入大于 0 的数字。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Send for approval</source>
        <translation>发送审批</translation>
    </message>
    <message>
        <source>Why do these {count} case(s) need approval?</source>
        <translation>这 {count} 个工单为什么需要审批?</translation>
    </message>
    <message>
        <source>e.g. the amount is above my approval limit</source>
        <translation>例如:金额超过我的审批权限</translation>
    </message>
    <message>
        <source>{count} / {limit} characters</source>
        <translation>{count} / {limit} 字</translation>
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
<context>
    <name>TimelineModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>State change</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
</TS>
