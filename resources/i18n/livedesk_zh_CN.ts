<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AppearancePage</name>
    <message>
        <source>Like the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>A new language shows the next time LiveDesk starts.</source>
        <translation>新的语言在下次启动 LiveDesk 时生效。</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>配色</translation>
    </message>
    <message>
        <source>Language 语言</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
</context>
<context>
    <name>AssistLinkDialog</name>
    <message>
        <source>Assistants&apos; panel</source>
        <translation>助理面板</translation>
    </message>
    <message>
        <source>Scan with a phone on the same network. The link holds the assistants&apos; token: it opens only the question queue and comments. If a phone is lost or a helper leaves, make a new link.</source>
        <translation>用同一网络里的手机扫码。链接里是助理令牌：它只能打开问题队列和评论。手机丢了或有助理离开，请换一个新链接。</translation>
    </message>
    <message>
        <source>LAN access is off: this link works on this computer only. To let phones in, tick “{option}” in {where} and restart LiveDesk.</source>
        <translation>局域网访问已关闭：此链接只能在本机使用。要让手机访问，请在 {where} 中勾选“{option}”，然后重启 LiveDesk。</translation>
    </message>
    <message>
        <source>No network address was found for this computer: phones cannot reach this link. Check that it is connected to the network.</source>
        <translation>没有找到这台电脑的网络地址：手机无法打开这个链接。请检查电脑是否已连接网络。</translation>
    </message>
    <message>
        <source>This computer on the LAN: {address}</source>
        <translation>这台电脑在局域网中的地址：{address}</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>New assistants&apos; link</source>
        <translation>新的助理链接</translation>
    </message>
    <message>
        <source>A new link now: panels opened with the old one are disconnected</source>
        <translation>立即换新链接：用旧链接打开的面板会被断开</translation>
    </message>
    <message>
        <source>No assistant is connected.</source>
        <translation>没有助理在线。</translation>
    </message>
    <message>
        <source>Connected: {names}</source>
        <translation>在线：{names}</translation>
    </message>
</context>
<context>
    <name>CardEditor</name>
    <message>
        <source>Products &amp; coupons[*] — LiveDesk</source>
        <translation>商品与优惠券[*] — LiveDesk</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Original price</source>
        <translation>原价</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Selling points</source>
        <translation>卖点</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>券码</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Keep these products and coupons, for this show and later ones ({key})</source>
        <translation>保存这些商品和优惠券，本场及以后的直播都可用（{key}）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Pick the selected product&apos;s image file</source>
        <translation>为选中的商品选择图片文件</translation>
    </message>
    <message>
        <source>Choose image…</source>
        <translation>选择图片…</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Add product</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Add coupon</source>
        <translation>添加优惠券</translation>
    </message>
    <message>
        <source>Back to the saved catalog</source>
        <translation>恢复到已保存的商品库</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Select a product first.</source>
        <translation>请先选择一个商品。</translation>
    </message>
    <message>
        <source>Choose the product&apos;s image</source>
        <translation>选择商品图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>row {n}: {m}</source>
        <translation>第 {n} 行：{m}</translation>
    </message>
    <message numerus="yes">
        <source>%n product(s)</source>
        <translation>
            <numerusform>%n 个商品</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n coupon(s)</source>
        <translation>
            <numerusform>%n 张优惠券</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s) to fix before saving</source>
        <translation>
            <numerusform>保存前需修正 %n 处错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compliance warning(s)</source>
        <translation>
            <numerusform>%n 条合规提醒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Fix the %n error(s) before saving ({first}).</source>
        <translation>
            <numerusform>请先修正 %n 处错误再保存（{first}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>SKU “{key}” is on rows {a} and {b}</source>
        <translation>SKU“{key}”在第 {a} 行和第 {b} 行重复</translation>
    </message>
    <message>
        <source>A product needs a SKU</source>
        <translation>商品必须有 SKU</translation>
    </message>
    <message>
        <source>A product needs a name</source>
        <translation>商品必须有名称</translation>
    </message>
    <message>
        <source>Risky claim: {c}</source>
        <translation>风险用语：{c}</translation>
    </message>
    <message>
        <source>Code “{key}” is on rows {a} and {b}</source>
        <translation>券码“{key}”在第 {a} 行和第 {b} 行重复</translation>
    </message>
    <message>
        <source>A coupon needs a code</source>
        <translation>优惠券必须有券码</translation>
    </message>
    <message>
        <source>A coupon needs a title</source>
        <translation>优惠券必须有标题</translation>
    </message>
    <message>
        <source>Saved. Deleting saved entries is not supported yet: {keys} stay.</source>
        <translation>已保存。暂不支持删除已保存的条目：{keys} 仍会保留。</translation>
    </message>
</context>
<context>
    <name>ChartsPane</name>
    <message>
        <source>Nothing to chart: no segment ran and no comment, question or viewer count was logged in this show.</source>
        <translation>无可绘制的图表：本场没有播过任何环节，也没有记录到评论、提问或观看人数。</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>Replay file</source>
        <translation>回放文件</translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation>名称（可选）</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Video (address or ID)</source>
        <translation>视频（地址或 ID）</translation>
    </message>
    <message>
        <source>Room number</source>
        <translation>房间号</translation>
    </message>
    <message>
        <source>Your UID (optional)</source>
        <translation>你的 UID（可选）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Speed (1 = as recorded)</source>
        <translation>速度（1 = 原速）</translation>
    </message>
    <message>
        <source>Start again at the end</source>
        <translation>播完后从头开始</translation>
    </message>
    <message>
        <source>Where comments come from; select one to edit it</source>
        <translation>评论从哪里来；选中一项即可编辑</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>YouTube API key</source>
        <translation>YouTube API 密钥</translation>
    </message>
    <message>
        <source>Bilibili SESSDATA cookie</source>
        <translation>B站 SESSDATA Cookie</translation>
    </message>
    <message>
        <source>Optional: with it, Bilibili shows viewers&apos; full names</source>
        <translation>可选：填写后 B站会显示观众的完整昵称</translation>
    </message>
    <message>
        <source>Keys (kept in the system keyring, never in a file)</source>
        <translation>密钥（保存在系统密钥环中，绝不写入文件）</translation>
    </message>
    <message>
        <source>Bilibili SESSDATA</source>
        <translation>B站 SESSDATA</translation>
    </message>
    <message>
        <source>Keep everything</source>
        <translation>全部保留</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Older than this, LiveDesk forgets what viewers said and who they were: comment text, names and platform IDs, questions and their answers, featured comments and blocked viewers. The reviews&apos; counts stay. Done each time LiveDesk starts; the log file is then rebuilt, so nothing forgotten stays in it.</source>
        <translation>超过这个天数，LiveDesk 会忘掉观众说过的话和观众的身份：弹幕正文、昵称和平台 ID、提问及其回答、上屏的弹幕和被屏蔽的观众。复盘中的统计数字保持不变。每次启动 LiveDesk 时执行，随后重建记录文件，被忘掉的内容不会留在文件里。</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>Forget viewers after</source>
        <translation>观众信息保留期限</translation>
    </message>
    <message>
        <source>Chat sources</source>
        <translation>评论来源</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Add a source to edit it</source>
        <translation>添加一个来源后即可编辑</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>A chat recording (JSON lines)</source>
        <translation>评论录制文件（JSON Lines）</translation>
    </message>
    <message>
        <source>Chat recordings (*.jsonl *.json *.txt);;All files (*)</source>
        <translation>评论录制文件 (*.jsonl *.json *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Chat source {n} ({kind})</source>
        <translation>评论来源 {n}（{kind}）</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}：{problem}</translation>
    </message>
    <message>
        <source>YouTube needs an API key: type it under “Keys” below</source>
        <translation>YouTube 需要 API 密钥：请在下方“密钥”中填写</translation>
    </message>
    <message>
        <source>the kind must be twitch, youtube, bilibili or replay</source>
        <translation>类型必须是 twitch、youtube、bilibili 或 replay</translation>
    </message>
    <message>
        <source>“{field}” is empty</source>
        <translation>“{field}”为空</translation>
    </message>
    <message>
        <source>“{field}” must be a whole number above 0</source>
        <translation>“{field}”必须是大于 0 的整数</translation>
    </message>
    <message>
        <source>“{field}” must be a number above 0, like 1 or 2.5</source>
        <translation>“{field}”必须是大于 0 的数字，例如 1 或 2.5</translation>
    </message>
</context>
<context>
    <name>ClipsDialog</name>
    <message>
        <source>Cut clips</source>
        <translation>剪切片</translation>
    </message>
    <message>
        <source>One per product card shown</source>
        <translation>每个展示的商品卡一段</translation>
    </message>
    <message>
        <source>One per segment</source>
        <translation>每个环节一段</translation>
    </message>
    <message>
        <source>Around each marker</source>
        <translation>每个标记前后一段</translation>
    </message>
    <message>
        <source>Also vertical versions (1080×1920)</source>
        <translation>同时生成竖屏版（1080×1920）</translation>
    </message>
    <message>
        <source>Whole picture, bars above and below</source>
        <translation>完整画面，上下留黑边</translation>
    </message>
    <message>
        <source>Middle of the picture, filling the frame</source>
        <translation>裁取画面中部，铺满竖屏</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Clips</source>
        <translation>切片</translation>
    </message>
    <message>
        <source>Vertical picture</source>
        <translation>竖屏画面</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Each clip gets a cover picture; clips.json lists them all.</source>
        <translation>每段切片附一张封面图；clips.json 列出全部切片。</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>开始剪切</translation>
    </message>
    <message>
        <source>Folder for the clips</source>
        <translation>切片保存的文件夹</translation>
    </message>
</context>
<context>
    <name>CommentDelegate</name>
    <message>
        <source>sent {what}</source>
        <translation>送出 {what}</translation>
    </message>
    <message>
        <source>followed</source>
        <translation>关注了</translation>
    </message>
    <message>
        <source>became a member</source>
        <translation>开通了会员</translation>
    </message>
    <message>
        <source>shared the stream</source>
        <translation>分享了直播间</translation>
    </message>
</context>
<context>
    <name>ConnectWizard</name>
    <message>
        <source>No system keyring: the OBS password is kept until LiveDesk exits (set LIVEDESK_OBS_PASSWORD to keep it).</source>
        <translation>没有系统密钥环：OBS 密码只保留到 LiveDesk 退出（设置 LIVEDESK_OBS_PASSWORD 可长期保留）。</translation>
    </message>
    <message>
        <source>Cannot save the settings in {where}: {error}</source>
        <translation>无法把设置保存到 {where}：{error}</translation>
    </message>
    <message>
        <source>Connect LiveDesk to OBS</source>
        <translation>将 LiveDesk 连接到 OBS</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>Open LiveDesk with a simulated OBS, a sample show and replayed comments; nothing goes on air</source>
        <translation>用模拟的 OBS、示例直播和回放评论打开 LiveDesk；不会真正开播</translation>
    </message>
    <message>
        <source>“{text}” is not an OBS address; write it as ws://HOST:PORT, e.g. {example}</source>
        <translation>“{text}”不是 OBS 地址；请写成 ws://主机:端口，例如 {example}</translation>
    </message>
    <message>
        <source>Looking for OBS at {url}…</source>
        <translation>正在 {url} 查找 OBS…</translation>
    </message>
    <message>
        <source>Could not reach OBS at {url}: {error}</source>
        <translation>无法连接 {url} 上的 OBS：{error}</translation>
    </message>
    <message>
        <source>Found OBS {obs} (obs-websocket {ws}) at {url}. Press Finish to use it.</source>
        <translation>在 {url} 找到 OBS {obs}（obs-websocket {ws}）。点“完成”即可使用。</translation>
    </message>
    <message>
        <source>Port 4444 is the old obs-websocket 4 port; OBS 28 and later listen on 4455: change the port in the address above to 4455.</source>
        <translation>4444 是旧版 obs-websocket 4 的端口；OBS 28 及以上默认使用 4455：请把上面地址中的端口改为 4455。</translation>
    </message>
    <message>
        <source>OBS answers at {url} and asks for a password. Copy it from Tools → WebSocket Server Settings → Show Connect Info, paste it below and press Test.</source>
        <translation>{url} 上的 OBS 有响应，并要求输入密码。请在 工具 → WebSocket 服务器设置 → 显示连接信息 中复制密码，粘贴到下方后点“测试”。</translation>
    </message>
    <message>
        <source>OBS answers at {url} but refused the password. Copy it again from Tools → WebSocket Server Settings → Show Connect Info.</source>
        <translation>{url} 上的 OBS 有响应，但拒绝了密码。请重新从 工具 → WebSocket 服务器设置 → 显示连接信息 中复制。</translation>
    </message>
    <message>
        <source>OBS is running, but its WebSocket server is off (nothing answers at {url}). Turn it on as described below.</source>
        <translation>OBS 正在运行，但其 WebSocket 服务器未开启（{url} 无响应）。请按下面的说明开启。</translation>
    </message>
    <message>
        <source>No OBS answers at {url}. Start OBS Studio and turn its WebSocket server on as described below; or try the demo.</source>
        <translation>{url} 上没有 OBS 响应。请启动 OBS Studio，并按下面的说明开启其 WebSocket 服务器；也可以先试用演示。</translation>
    </message>
    <message>
        <source>Something answers at {url}, but not obs-websocket 5. LiveDesk needs OBS 28 or later. Port 4444 is the old obs-websocket 4 plugin; OBS 28 and later listen on 4455.</source>
        <translation>{url} 上有响应，但不是 obs-websocket 5。LiveDesk 需要 OBS 28 或更高版本。端口 4444 属于旧的 obs-websocket 4 插件；OBS 28 及以上版本监听 4455。</translation>
    </message>
    <message>
        <source>No answer from {url} in time. Check the address, and that no firewall blocks the port.</source>
        <translation>{url} 未及时响应。请检查地址，并确认防火墙没有拦截该端口。</translation>
    </message>
    <message>
        <source>Cannot find the computer in {url}. Check the address.</source>
        <translation>找不到 {url} 中的计算机。请检查地址。</translation>
    </message>
    <message>
        <source>{problem}. {hint}</source>
        <translation>{problem}。{hint}</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>OBS {obs} · obs-websocket {ws}</source>
        <translation>OBS {obs} · obs-websocket {ws}</translation>
    </message>
    <message>
        <source>OBS connected</source>
        <translation>OBS 已连接</translation>
    </message>
    <message>
        <source>Connecting to OBS…</source>
        <translation>正在连接 OBS…</translation>
    </message>
    <message>
        <source>OBS not connected (retrying, attempt {n})</source>
        <translation>OBS 未连接（正在重试，第 {n} 次）</translation>
    </message>
    <message>
        <source>OBS not connected</source>
        <translation>OBS 未连接</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>The local API could not start on port {port}: {error}</source>
        <translation>本地 API 无法在端口 {port} 上启动：{error}</translation>
    </message>
    <message>
        <source>No keyring: the API token changes at every start; set LIVEDESK_API_TOKEN to keep it</source>
        <translation>没有系统密钥环：API 令牌每次启动都会变；设置 LIVEDESK_API_TOKEN 可保持不变</translation>
    </message>
    <message>
        <source>No keyring: the assistants&apos; link changes at every start; set LIVEDESK_ASSIST_TOKEN to keep it</source>
        <translation>没有系统密钥环：助理链接每次启动都会变；设置 LIVEDESK_ASSIST_TOKEN 可保持不变</translation>
    </message>
    <message>
        <source>The run-sheet {path} has errors: {n}; the first at {where}: {message}</source>
        <translation>流程单 {path} 有 {n} 处错误；第一处在 {where}：{message}</translation>
    </message>
    <message>
        <source>LiveDesk cannot start: {problem}</source>
        <translation>LiveDesk 无法启动：{problem}</translation>
    </message>
    <message>
        <source>LiveDesk cannot write to its data directory:
{directory}</source>
        <translation>LiveDesk 无法写入它的数据目录：
{directory}</translation>
    </message>
    <message>
        <source>Another program is holding LiveDesk&apos;s show log:
{path}</source>
        <translation>另一个程序正占用 LiveDesk 的直播日志：
{path}</translation>
    </message>
    <message>
        <source>Close the program using it (a database browser, a backup tool, a second LiveDesk), then start LiveDesk again.</source>
        <translation>请关闭正在使用它的程序（数据库浏览器、备份工具或另一个 LiveDesk），然后重新启动 LiveDesk。</translation>
    </message>
    <message>
        <source>Choose another data directory (--data-dir or LIVEDESK_HOME), or make this one writable (check its permissions, free space, and whether its disk is mounted read-only), then start LiveDesk again.</source>
        <translation>请换一个数据目录（--data-dir 或 LIVEDESK_HOME），或让这个目录可写（检查权限、剩余空间，以及磁盘是否以只读方式挂载），然后重新启动 LiveDesk。</translation>
    </message>
    <message>
        <source>Cannot read the run-sheet {path}: {error}</source>
        <translation>无法读取流程单 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>LiveDesk hit a bug</source>
        <translation>LiveDesk 出错了</translation>
    </message>
    <message>
        <source>Something went wrong inside LiveDesk. The show goes on, but please send the debug info below to the developers.</source>
        <translation>LiveDesk 内部出现了问题。直播不受影响，但请把下面的调试信息发给开发者。</translation>
    </message>
    <message>
        <source>Copy debug info</source>
        <translation>复制调试信息</translation>
    </message>
    <message>
        <source>{summary} (and {n} more)</source>
        <translation>{summary}（另有 {n} 个）</translation>
    </message>
</context>
<context>
    <name>CuePanel</name>
    <message>
        <source>Go / Next ▶</source>
        <translation>开始 / 下一个 ▶</translation>
    </message>
    <message>
        <source>Cue the next segment</source>
        <translation>切到下一个环节</translation>
    </message>
    <message>
        <source>◀ Prev</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <source>Back to the previous segment</source>
        <translation>回到上一个环节</translation>
    </message>
    <message>
        <source>The whole show against its plan</source>
        <translation>全场进度与计划的差距</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Double-click a segment, or select it and press {key}, to cue it</source>
        <translation>双击环节，或选中后按 {key}，即切到该环节</translation>
    </message>
    <message>
        <source>+{n} s</source>
        <translation>+{n} 秒</translation>
    </message>
    <message>
        <source>Add {n} seconds to the countdown</source>
        <translation>倒计时延长 {n} 秒</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End the coupon countdown now</source>
        <translation>立即结束优惠券倒计时</translation>
    </message>
    <message>
        <source>马上回来 Standby</source>
        <translation>马上回来</translation>
    </message>
    <message>
        <source>Cut to the standby scene and pause the clocks; again to come back</source>
        <translation>切到“马上回来”场景并暂停计时；再按一次返回</translation>
    </message>
    <message>
        <source>The scene standby cuts to</source>
        <translation>“马上回来”时切到的场景</translation>
    </message>
    <message>
        <source>Pre-flight check</source>
        <translation>开播前检查</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>已用时</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>全场</translation>
    </message>
    <message>
        <source>Talking points</source>
        <translation>讲解要点</translation>
    </message>
    <message>
        <source>Go ▶ #{n} {title}</source>
        <translation>开始 ▶ #{n} {title}</translation>
    </message>
    <message>
        <source>Go ▶ end of run-sheet</source>
        <translation>开始 ▶ 流程单结束</translation>
    </message>
    <message>
        <source>Cue the next segment ({key}): {go}</source>
        <translation>切到下一个环节（{key}）：{go}</translation>
    </message>
    <message>
        <source>Product: {p}
Coupon: {c}</source>
        <translation>商品：{p}
优惠券：{c}</translation>
    </message>
    <message>
        <source>No coupon on screen</source>
        <translation>画面上没有优惠券</translation>
    </message>
    <message>
        <source>Coupon {code}: {time} left</source>
        <translation>优惠券 {code}：剩余 {time}</translation>
    </message>
    <message>
        <source> (paused)</source>
        <translation>（已暂停）</translation>
    </message>
    <message>
        <source>— no standby scene —</source>
        <translation>— 无“马上回来”场景 —</translation>
    </message>
    <message>
        <source>Cued “{title}”, but: {problems}</source>
        <translation>已切到“{title}”，但：{problems}</translation>
    </message>
    <message>
        <source>Cued “{title}”: {notes}</source>
        <translation>已切到“{title}”：{notes}</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>DEMO — simulated OBS</source>
        <translation>演示 — 模拟 OBS</translation>
    </message>
    <message>
        <source>LiveDesk is connected to its built-in OBS simulator, with a sample show and replayed comments: nothing goes on air. The demo&apos;s shows are kept apart from your real ones.</source>
        <translation>LiveDesk 连接的是内置的 OBS 模拟器，使用示例直播和回放评论：不会真正开播。演示产生的直播记录与真实记录分开保存。</translation>
    </message>
</context>
<context>
    <name>EditorActions</name>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add segment</source>
        <translation>添加环节(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>复制(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
    <message>
        <source>Use for the &amp;show</source>
        <translation>用于本场直播(&amp;S)</translation>
    </message>
    <message>
        <source>New from &amp;template</source>
        <translation>从模板新建(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>直播(&amp;S)</translation>
    </message>
    <message>
        <source>(no templates)</source>
        <translation>（没有模板）</translation>
    </message>
    <message>
        <source>Run-sheet</source>
        <translation>流程单</translation>
    </message>
    <message>
        <source>Show starts at </source>
        <translation>开播时间 </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export the review</source>
        <translation>导出复盘</translation>
    </message>
    <message>
        <source>Report, one HTML file (charts inline)</source>
        <translation>报告，单个 HTML 文件（内嵌图表）</translation>
    </message>
    <message>
        <source>Report, PDF</source>
        <translation>报告，PDF</translation>
    </message>
    <message>
        <source>Event log, CSV (opens in Excel)</source>
        <translation>事件日志，CSV（可用 Excel 打开）</translation>
    </message>
    <message>
        <source>Everything, JSON</source>
        <translation>全部内容，JSON</translation>
    </message>
    <message>
        <source>YouTube chapters</source>
        <translation>YouTube 章节</translation>
    </message>
    <message>
        <source>DaVinci Resolve markers (EDL)</source>
        <translation>DaVinci Resolve 标记（EDL）</translation>
    </message>
    <message>
        <source>Premiere Pro markers (CSV)</source>
        <translation>Premiere Pro 标记（CSV）</translation>
    </message>
    <message>
        <source>Attendance (CSV)</source>
        <translation>签到名单 (CSV)</translation>
    </message>
    <message>
        <source>Viewer names as aliases (for sharing)</source>
        <translation>观众昵称改用化名（便于分享）</translation>
    </message>
    <message>
        <source>Every viewer gets a stable alias such as 观众-7F3A; the team&apos;s names stay.</source>
        <translation>每位观众都会得到固定的化名，例如 观众-7F3A；团队成员的名字保持不变。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Timecodes count from the start of the recording.</source>
        <translation>时间码从录制开始时计算。</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save the {fmt} export</source>
        <translation>保存 {fmt} 导出文件</translation>
    </message>
    <message>
        <source>{fmt} (*{suffix})</source>
        <translation>{fmt} (*{suffix})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FeedPanel</name>
    <message>
        <source>Questions</source>
        <translation>只看提问</translation>
    </message>
    <message>
        <source>Only questions</source>
        <translation>只看提问</translation>
    </message>
    <message>
        <source>Purchase intent</source>
        <translation>购买意向</translation>
    </message>
    <message>
        <source>Only comments that want to buy (price, link…)</source>
        <translation>只看想购买的评论（问价格、要链接…）</translation>
    </message>
    <message>
        <source>Show floods</source>
        <translation>显示刷屏</translation>
    </message>
    <message>
        <source>List floods too (111, repeats, emoji only)</source>
        <translation>也列出刷屏评论（111、重复、纯表情）</translation>
    </message>
    <message>
        <source>Only comments from this platform</source>
        <translation>只看此平台的评论</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>全部平台</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Only comments containing this</source>
        <translation>只看包含此内容的评论</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>Only this viewer&apos;s comments</source>
        <translation>只看此观众的评论</translation>
    </message>
    <message>
        <source>Flood comments hidden; tick “Show floods” to list</source>
        <translation>已隐藏的刷屏评论；勾选“显示刷屏”即可列出</translation>
    </message>
    <message>
        <source>↓ Newest</source>
        <translation>↓ 最新</translation>
    </message>
    <message>
        <source>The feed stops following while the pointer is over it or you scroll up</source>
        <translation>鼠标停在列表上或向上滚动时，评论不再自动跟随最新</translation>
    </message>
    <message numerus="yes">
        <source>+%n flood(s)</source>
        <translation>
            <numerusform>+%n 条刷屏</numerusform>
        </translation>
    </message>
    <message>
        <source>↓ Newest ({n})</source>
        <translation>↓ 最新（{n}）</translation>
    </message>
    <message>
        <source>Copy comment</source>
        <translation>复制评论</translation>
    </message>
    <message>
        <source>Feature this comment</source>
        <translation>置顶展示这条评论</translation>
    </message>
    <message>
        <source>Add as question</source>
        <translation>加入提问</translation>
    </message>
    <message>
        <source>Block viewer {user}</source>
        <translation>屏蔽观众 {user}</translation>
    </message>
</context>
<context>
    <name>HostMessageBox</name>
    <message>
        <source>2 minutes left</source>
        <translation>还剩2分钟</translation>
    </message>
    <message>
        <source>Go to the coupon</source>
        <translation>去发优惠券</translation>
    </message>
    <message>
        <source>Check the questions</source>
        <translation>看问题</translation>
    </message>
    <message>
        <source>Slow down</source>
        <translation>语速慢一点</translation>
    </message>
    <message>
        <source>Message to the host…</source>
        <translation>给主播的消息…</translation>
    </message>
    <message>
        <source>Shown on the host view until cleared</source>
        <translation>显示在主播视图上，直到清除</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Urgent messages flash on the host view</source>
        <translation>紧急消息在主播视图上闪烁</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send the message to the host view</source>
        <translation>把消息发到主播视图</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Take the message off the host view</source>
        <translation>从主播视图撤下消息</translation>
    </message>
</context>
<context>
    <name>HostView</name>
    <message>
        <source>LiveDesk — host view</source>
        <translation>LiveDesk — 主播视图</translation>
    </message>
    <message>
        <source>elapsed {elapsed} · show {total}</source>
        <translation>已用 {elapsed} · 全场 {total}</translation>
    </message>
    <message>
        <source>Next: #{n} {title}</source>
        <translation>下一个：#{n} {title}</translation>
    </message>
    <message>
        <source>Run-sheet finished</source>
        <translation>流程单已结束</translation>
    </message>
    <message>
        <source>Not started yet</source>
        <translation>尚未开始</translation>
    </message>
    <message>
        <source>No run-sheet loaded</source>
        <translation>未加载流程单</translation>
    </message>
    <message>
        <source>马上回来 Standby — {title}</source>
        <translation>马上回来 — {title}</translation>
    </message>
    <message>
        <source> (paused)</source>
        <translation>（已暂停）</translation>
    </message>
    <message>
        <source>Coupon {code}: {time} left</source>
        <translation>优惠券 {code}：剩余 {time}</translation>
    </message>
    <message>
        <source> (+{n} more)</source>
        <translation>（还有 {n} 个）</translation>
    </message>
    <message>
        <source>Question: {q}</source>
        <translation>提问：{q}</translation>
    </message>
</context>
<context>
    <name>HotkeysPage</name>
    <message>
        <source>Live action</source>
        <translation>直播操作</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Click, then press the new key</source>
        <translation>点击后按下新的按键</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Keys act while the console window is in front and no text field is being typed in.</source>
        <translation>中控台窗口在前台且没有在输入框中打字时，快捷键才会生效。</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Every live action needs a key; “{action}” keeps {key}.</source>
        <translation>每个直播操作都需要一个按键；“{action}”保留 {key}。</translation>
    </message>
    <message>
        <source>Press a single key or chord, like Ctrl+P.</source>
        <translation>请按下单个按键或组合键，例如 Ctrl+P。</translation>
    </message>
    <message>
        <source>{key} is kept for {use}; choose another key.</source>
        <translation>{key} 已留作{use}；请换一个按键。</translation>
    </message>
    <message>
        <source>{key} is already the key of “{action}”; choose another key, or change that one first.</source>
        <translation>{key} 已是“{action}”的按键；请换一个按键，或先修改那个操作的按键。</translation>
    </message>
</context>
<context>
    <name>InteractionPanel</name>
    <message>
        <source>The password viewers type, e.g. 666</source>
        <translation>观众输入的口令，如 666</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>until drawn</source>
        <translation>直到开奖</translation>
    </message>
    <message>
        <source>Exclude previous winners</source>
        <translation>排除之前的中奖者</translation>
    </message>
    <message>
        <source>Open lottery</source>
        <translation>开始抽奖</translation>
    </message>
    <message>
        <source>Count the viewers who type the keyword</source>
        <translation>统计输入口令的观众</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>开奖</translation>
    </message>
    <message>
        <source>Close the lottery and draw its winners</source>
        <translation>结束抽奖并抽出中奖者</translation>
    </message>
    <message>
        <source>The winners appear here after the draw.</source>
        <translation>开奖后中奖者显示在这里。</translation>
    </message>
    <message>
        <source>Copy winners</source>
        <translation>复制中奖名单</translation>
    </message>
    <message>
        <source>Copy the winners, one per line</source>
        <translation>复制中奖者，每行一个</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Winners</source>
        <translation>中奖人数</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>抽奖 Lottery</source>
        <translation>抽奖</translation>
    </message>
    <message>
        <source>Which colour?</source>
        <translation>哪个颜色？</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>(optional)</source>
        <translation>（可选）</translation>
    </message>
    <message>
        <source>None (a poll)</source>
        <translation>无（投票）</translation>
    </message>
    <message>
        <source>A quiz has a right answer, revealed when you say</source>
        <translation>答题有正确答案，由你决定何时公布</translation>
    </message>
    <message>
        <source>Right answer</source>
        <translation>正确答案</translation>
    </message>
    <message>
        <source>Open poll</source>
        <translation>开始投票</translation>
    </message>
    <message>
        <source>Count the viewers&apos; votes (A, B… or 1, 2…)</source>
        <translation>统计观众的投票（A、B…或 1、2…）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Stop counting votes</source>
        <translation>停止计票</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>公布答案</translation>
    </message>
    <message>
        <source>Show the quiz&apos;s right answer</source>
        <translation>公布答题的正确答案</translation>
    </message>
    <message>
        <source>投票 Poll / quiz</source>
        <translation>投票 / 答题</translation>
    </message>
    <message>
        <source>Open check-in</source>
        <translation>开始签到</translation>
    </message>
    <message>
        <source>Check in the viewers who type it</source>
        <translation>为输入口令的观众签到</translation>
    </message>
    <message>
        <source>Close check-in</source>
        <translation>结束签到</translation>
    </message>
    <message>
        <source>Stop checking viewers in</source>
        <translation>停止签到</translation>
    </message>
    <message>
        <source>签到 Check-in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>No lottery yet.</source>
        <translation>还没有抽奖。</translation>
    </message>
    <message numerus="yes">
        <source>“{keyword}”: %n entrant(s)</source>
        <translation>
            <numerusform>“{keyword}”：%n 人参与</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voter(s) · {state}</source>
        <translation>
            <numerusform>%n 人投票 · {state}</numerusform>
        </translation>
    </message>
    <message>
        <source>drawn, seed {seed}</source>
        <translation>已开奖，种子 {seed}</translation>
    </message>
    <message>
        <source>{left} left</source>
        <translation>剩余 {left}</translation>
    </message>
    <message>
        <source>time is up: draw</source>
        <translation>时间到：请开奖</translation>
    </message>
    <message>
        <source>No poll yet.</source>
        <translation>还没有投票。</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>closed, answer revealed</source>
        <translation>已结束，已公布答案</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>No check-in yet.</source>
        <translation>还没有签到。</translation>
    </message>
    <message>
        <source>“{keyword}”: {n} checked in, open</source>
        <translation>“{keyword}”：已签到 {n} 人，进行中</translation>
    </message>
    <message>
        <source>“{keyword}”: {n} checked in, closed</source>
        <translation>“{keyword}”：已签到 {n} 人，已结束</translation>
    </message>
</context>
<context>
    <name>Keymap</name>
    <message>
        <source>Cue the next segment</source>
        <translation>切到下一个环节</translation>
    </message>
    <message>
        <source>Back to the previous segment</source>
        <translation>回到上一个环节</translation>
    </message>
    <message>
        <source>Standby and back</source>
        <translation>马上回来 / 返回</translation>
    </message>
    <message>
        <source>Show or hide the selected product card</source>
        <translation>显示或隐藏选中商品的商品卡片</translation>
    </message>
    <message>
        <source>Start or stop the selected coupon</source>
        <translation>开始或停止选中的优惠券</translation>
    </message>
    <message>
        <source>Add time to the coupon countdown</source>
        <translation>延长优惠券倒计时</translation>
    </message>
    <message>
        <source>Take the featured comment off screen</source>
        <translation>撤下置顶评论</translation>
    </message>
    <message>
        <source>Transition (studio mode)</source>
        <translation>转场（工作室模式）</translation>
    </message>
    <message>
        <source>Switch to scene {n}</source>
        <translation>切换到场景 {n}</translation>
    </message>
    <message>
        <source>Mark this moment</source>
        <translation>标记此刻</translation>
    </message>
    <message>
        <source>Host view</source>
        <translation>主播视图</translation>
    </message>
    <message>
        <source>Claim the selected question</source>
        <translation>认领选中的提问</translation>
    </message>
    <message>
        <source>Copy the answer</source>
        <translation>复制回答</translation>
    </message>
    <message>
        <source>Stop the coupon countdown</source>
        <translation>停止优惠券倒计时</translation>
    </message>
    <message>
        <source>Start or stop streaming (stopping asks first)</source>
        <translation>开始或停止推流（停止前会确认）</translation>
    </message>
    <message>
        <source>Start or stop recording (stopping asks first)</source>
        <translation>开始或停止录制（停止前会确认）</translation>
    </message>
    <message>
        <source>Save the replay (OBS&apos;s replay buffer)</source>
        <translation>保存回放（OBS 回放缓存）</translation>
    </message>
    <message>
        <source>Mark the top of the thanks list thanked</source>
        <translation>将感谢列表最上面一位标为已感谢</translation>
    </message>
    <message>
        <source>Draw the open lottery&apos;s winners</source>
        <translation>为进行中的抽奖抽出中奖者</translation>
    </message>
    <message>
        <source>Close the open poll</source>
        <translation>结束进行中的投票</translation>
    </message>
    <message>
        <source>Reveal the quiz&apos;s right answer</source>
        <translation>公布答题的正确答案</translation>
    </message>
    <message>
        <source>Close the open check-in</source>
        <translation>结束进行中的签到</translation>
    </message>
    <message>
        <source>choosing in lists</source>
        <translation>在列表中选择</translation>
    </message>
    <message>
        <source>leaving a field</source>
        <translation>离开输入框</translation>
    </message>
    <message>
        <source>moving between fields</source>
        <translation>在输入框之间切换</translation>
    </message>
    <message>
        <source>sending an answer</source>
        <translation>发送回答</translation>
    </message>
    <message>
        <source>claiming in the question list</source>
        <translation>在提问列表中认领</translation>
    </message>
    <message>
        <source>answering in the question list</source>
        <translation>在提问列表中回答</translation>
    </message>
    <message>
        <source>dismissing in the question list</source>
        <translation>在提问列表中忽略</translation>
    </message>
    <message>
        <source>featuring in the question list</source>
        <translation>在提问列表中置顶展示</translation>
    </message>
    <message>
        <source>opening the settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>opening the sessions archive</source>
        <translation>打开场次记录</translation>
    </message>
</context>
<context>
    <name>ListsPage</name>
    <message>
        <source>Claims the advertising law forbids (最, 第一, 100%…): the run-sheet check and the cards warn about them</source>
        <translation>广告法禁止的用语（最、第一、100%…）：流程单检查和商品卡片会对其发出提醒</translation>
    </message>
    <message>
        <source>Words that contain a risky term but are fine (最近 contains 最)</source>
        <translation>包含风险字眼但没有问题的词（“最近”包含“最”）</translation>
    </message>
    <message>
        <source>Comments with these words are kept in the log but never reach the question queue or the screen; full-width letters and spaces between letters are caught</source>
        <translation>含这些词的评论会记入日志，但不会进入问题队列或上屏；全角字母和字间插入的空格也能识别</translation>
    </message>
    <message>
        <source>Block contact details (phone and QQ numbers, links)</source>
        <translation>屏蔽联系方式（手机号、QQ号、链接）</translation>
    </message>
    <message>
        <source>One viewer per line: name, platform:name or platform:id=USER_ID; the platform as LiveDesk shows it (B站, 抖音, Bilibili …) or its id (bilibili, douyin …)</source>
        <translation>每行一位观众：名字、平台:名字 或 平台:id=用户ID；平台可写 LiveDesk 显示的名称（B站、抖音、Bilibili …）或其 ID（bilibili、douyin …）</translation>
    </message>
    <message>
        <source>Default blocked words</source>
        <translation>恢复默认屏蔽词</translation>
    </message>
    <message>
        <source>Acknowledgements: not questions (谢谢, 666, ok…)</source>
        <translation>致谢类：不算提问（谢谢、666、ok…）</translation>
    </message>
    <message>
        <source>Polite openings before a question (请问, 想问…)</source>
        <translation>提问前的礼貌开头（请问、想问…）</translation>
    </message>
    <message>
        <source>Question particles at the end (吗, 呢…)</source>
        <translation>句尾的疑问语气词（吗、呢…）</translation>
    </message>
    <message>
        <source>Reset this list</source>
        <translation>重置此列表</translation>
    </message>
    <message>
        <source>Back to LiveDesk&apos;s own words for this list</source>
        <translation>恢复为 LiveDesk 自带的词</translation>
    </message>
    <message>
        <source>Compliance (one per line)</source>
        <translation>合规（每行一个）</translation>
    </message>
    <message>
        <source>Risky terms</source>
        <translation>风险用语</translation>
    </message>
    <message>
        <source>Allowed words</source>
        <translation>允许的词</translation>
    </message>
    <message>
        <source>Moderation (one per line)</source>
        <translation>屏蔽（每行一个）</translation>
    </message>
    <message>
        <source>Blocked words</source>
        <translation>屏蔽词</translation>
    </message>
    <message>
        <source>Blocked viewers</source>
        <translation>屏蔽的观众</translation>
    </message>
    <message>
        <source>Comment classifier (one per line; applies at next start)</source>
        <translation>评论分类（每行一个；下次启动时生效）</translation>
    </message>
    <message>
        <source>Keyword lists</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>Comment classifier: {note}</source>
        <translation>评论分类：{note}</translation>
    </message>
    <message>
        <source>Blocked viewers: {problem}</source>
        <translation>屏蔽观众：{problem}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>LiveDesk 直播中控台</source>
        <translation>LiveDesk 直播中控台</translation>
    </message>
    <message>
        <source>Run-sheet</source>
        <translation>流程单</translation>
    </message>
    <message>
        <source>Overlays</source>
        <translation>贴片</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>直播(&amp;S)</translation>
    </message>
    <message>
        <source>Run-sheet editor…</source>
        <translation>流程单编辑器…</translation>
    </message>
    <message>
        <source>Pre-flight check</source>
        <translation>开播前检查</translation>
    </message>
    <message>
        <source>Mark this moment</source>
        <translation>标记此刻</translation>
    </message>
    <message>
        <source>A marker for the replay&apos;s editor</source>
        <translation>为回放剪辑打一个标记</translation>
    </message>
    <message>
        <source>Assistants&apos; panel link…</source>
        <translation>助理面板链接…</translation>
    </message>
    <message>
        <source>Set up overlays in OBS…</source>
        <translation>在 OBS 中设置贴片…</translation>
    </message>
    <message>
        <source>Products &amp;&amp; coupons…</source>
        <translation>商品与优惠券…</translation>
    </message>
    <message>
        <source>Host view</source>
        <translation>主播视图</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Sessions…</source>
        <translation>历史场次…</translation>
    </message>
    <message>
        <source>Past shows: review, rename, delete</source>
        <translation>往期直播：复盘、重命名、删除</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Pulse</source>
        <translation>热度</translation>
    </message>
    <message>
        <source>感谢 Thanks</source>
        <translation>感谢</translation>
    </message>
    <message>
        <source>互动 Interaction</source>
        <translation>互动</translation>
    </message>
    <message>
        <source>观众 Audience</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>The host&apos;s full-screen view, on a second screen when there is one</source>
        <translation>主播全屏视图，有第二块屏幕时显示在第二块屏幕上</translation>
    </message>
    <message>
        <source>{service} stopped unexpectedly ({error}); it restarts in {s} s.</source>
        <translation>{service} 意外停止（{error}）；{s} 秒后自动重启。</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>MessageTexts</name>
    <message>
        <source>OBS → Tools → WebSocket Server Settings (工具 → WebSocket 服务器设置)</source>
        <translation>OBS → 工具 → WebSocket 服务器设置</translation>
    </message>
    <message>
        <source>OBS refused the password (密码错误)</source>
        <translation>OBS 拒绝了密码（密码错误）</translation>
    </message>
    <message>
        <source>Copy the server password from {settings} → Show Connect Info, and paste it into LiveDesk&apos;s OBS settings.</source>
        <translation>在 {settings} → 显示连接信息 中复制服务器密码，粘贴到 LiveDesk 的 OBS 设置里。</translation>
    </message>
    <message>
        <source>OBS is running but its WebSocket server is off at {host}:{port} (WebSocket 服务器未开启)</source>
        <translation>OBS 正在运行，但 {host}:{port} 上的 WebSocket 服务器未开启</translation>
    </message>
    <message>
        <source>Tick “Enable WebSocket server” in {settings}; check the port is {port}.</source>
        <translation>在 {settings} 中勾选“开启 WebSocket 服务器”，并确认端口为 {port}。</translation>
    </message>
    <message>
        <source>OBS is not running (OBS 未启动): nothing answers at {host}:{port}</source>
        <translation>OBS 未启动：{host}:{port} 无响应</translation>
    </message>
    <message>
        <source>Start OBS Studio; LiveDesk connects by itself as soon as it is up.</source>
        <translation>请启动 OBS Studio；启动后 LiveDesk 会自动连接。</translation>
    </message>
    <message>
        <source>Nothing answers at {host}:{port}: OBS is not running or its WebSocket server is off</source>
        <translation>{host}:{port} 无响应：OBS 未启动，或其 WebSocket 服务器未开启</translation>
    </message>
    <message>
        <source>Start OBS Studio and tick “Enable WebSocket server” in {settings}.</source>
        <translation>请启动 OBS Studio，并在 {settings} 中勾选“开启 WebSocket 服务器”。</translation>
    </message>
    <message>
        <source>LiveDesk needs OBS Studio 28 or later (obs-websocket 5). Update OBS from obsproject.com.</source>
        <translation>LiveDesk 需要 OBS Studio 28 或更高版本（obs-websocket 5）。请从 obsproject.com 更新 OBS。</translation>
    </message>
    <message>
        <source>LiveDesk needs OBS Studio 28 or later (obs-websocket 5). Update OBS from obsproject.com. Port 4444 is the old obs-websocket 4.x port; OBS 28+ listens on 4455.</source>
        <translation>LiveDesk 需要 OBS Studio 28 或更高版本（obs-websocket 5）。请从 obsproject.com 更新 OBS。端口 4444 是旧版 obs-websocket 4.x 的端口；OBS 28 及以上版本监听 4455。</translation>
    </message>
    <message>
        <source>OBS is older than 28 or speaks obs-websocket 4 ({detail})</source>
        <translation>OBS 版本低于 28，或使用的是 obs-websocket 4（{detail}）</translation>
    </message>
    <message>
        <source>replay buffer</source>
        <translation>回放缓存</translation>
    </message>
    <message>
        <source>virtual camera</source>
        <translation>虚拟摄像机</translation>
    </message>
    <message>
        <source>No answer from {host}:{port} within {seconds} s</source>
        <translation>{host}:{port} 在 {seconds} 秒内无响应</translation>
    </message>
    <message>
        <source>Check the address and that no firewall blocks the port.</source>
        <translation>请检查地址，并确认防火墙没有拦截该端口。</translation>
    </message>
    <message>
        <source>Cannot find the computer “{host}”</source>
        <translation>找不到计算机“{host}”</translation>
    </message>
    <message>
        <source>Check the OBS address in settings.</source>
        <translation>请在设置中检查 OBS 地址。</translation>
    </message>
    <message>
        <source>OBS answered in a way LiveDesk did not expect ({detail})</source>
        <translation>OBS 的响应不符合 LiveDesk 的预期（{detail}）</translation>
    </message>
    <message>
        <source>Restart OBS; if it persists, copy the debug info from Help and report it.</source>
        <translation>请重启 OBS；如果问题仍在，请从“帮助”中复制调试信息并反馈。</translation>
    </message>
    <message>
        <source>Something other than OBS&apos;s WebSocket server answers at {host}:{port}</source>
        <translation>{host}:{port} 上应答的不是 OBS 的 WebSocket 服务器</translation>
    </message>
    <message>
        <source>Check the port: {settings} shows OBS&apos;s (4455 by default).</source>
        <translation>请检查端口：{settings} 里显示 OBS 的端口（默认 4455）。</translation>
    </message>
    <message>
        <source>“{url}” is not an OBS WebSocket address</source>
        <translation>“{url}”不是 OBS 的 WebSocket 地址</translation>
    </message>
    <message>
        <source>Write it as ws://HOST:PORT, e.g. ws://127.0.0.1:4455, in LiveDesk&apos;s OBS settings (or LIVEDESK_OBS_URL).</source>
        <translation>请在 LiveDesk 的 OBS 设置（或 LIVEDESK_OBS_URL）中写成 ws://主机:端口，例如 ws://127.0.0.1:4455。</translation>
    </message>
    <message>
        <source>{hint} Port 4444 is the old obs-websocket 4 port; OBS 28 and later listen on 4455: change the port in LiveDesk&apos;s OBS address to 4455.</source>
        <translation>{hint} 4444 是旧版 obs-websocket 4 的端口；OBS 28 及以上默认使用 4455：请把 LiveDesk 的 OBS 地址中的端口改为 4455。</translation>
    </message>
    <message>
        <source>The local API (Stream Deck, Companion, overlays, the assistants&apos; panel) cannot start: another program, maybe another LiveDesk, uses port {port}. Close it, or choose another port in Settings → Local server and restart LiveDesk.</source>
        <translation>本地 API（Stream Deck、Companion、叠加层、助理面板）无法启动：另一个程序（也许是另一个 LiveDesk）占用了端口 {port}。请关闭它，或在 设置 → 本地服务器 中换一个端口，然后重启 LiveDesk。</translation>
    </message>
    <message>
        <source>api_port {port} is not a port from 1 to 65535; the local API uses {default}</source>
        <translation>api_port {port} 不是 1 到 65535 之间的端口；本地 API 使用 {default}</translation>
    </message>
    <message>
        <source>The run-sheet has no segments</source>
        <translation>流程单没有环节</translation>
    </message>
    <message>
        <source>Open a run-sheet or add segments in the editor.</source>
        <translation>请打开一个流程单，或在编辑器中添加环节。</translation>
    </message>
    <message>
        <source>First: {where}: {message}</source>
        <translation>第一处：{where}：{message}</translation>
    </message>
    <message>
        <source>OBS is not connected</source>
        <translation>OBS 未连接</translation>
    </message>
    <message>
        <source>Start OBS and enable its WebSocket server; scenes cannot be checked.</source>
        <translation>请启动 OBS 并开启其 WebSocket 服务器；否则无法检查场景。</translation>
    </message>
    <message>
        <source>OBS is connected</source>
        <translation>OBS 已连接</translation>
    </message>
    <message>
        <source>#{n} “{title}”: OBS has no scene “{scene}”</source>
        <translation>#{n}“{title}”：OBS 中没有场景“{scene}”</translation>
    </message>
    <message>
        <source>Create the scene in OBS, or pick an existing one in the editor.</source>
        <translation>请在 OBS 中创建该场景，或在编辑器中选择已有场景。</translation>
    </message>
    <message>
        <source>Chat source {name}: connected</source>
        <translation>评论来源 {name}：已连接</translation>
    </message>
    <message>
        <source>Chat source {name}: not connected</source>
        <translation>评论来源 {name}：未连接</translation>
    </message>
    <message>
        <source>Check the source&apos;s settings or its network.</source>
        <translation>请检查该来源的设置或网络。</translation>
    </message>
    <message>
        <source>No standby scene (马上回来) is chosen</source>
        <translation>未选择“马上回来”场景</translation>
    </message>
    <message>
        <source>Pick the scene to cut to in an emergency, e.g. “马上回来 BRB”.</source>
        <translation>请选择紧急情况下要切到的场景，例如“马上回来 BRB”。</translation>
    </message>
    <message>
        <source>The standby scene “{scene}” is not in OBS</source>
        <translation>OBS 中没有“马上回来”场景“{scene}”</translation>
    </message>
    <message>
        <source>Create it in OBS or choose another standby scene.</source>
        <translation>请在 OBS 中创建它，或另选一个“马上回来”场景。</translation>
    </message>
    <message>
        <source>Standby scene: {scene}</source>
        <translation>“马上回来”场景：{scene}</translation>
    </message>
    <message>
        <source>#{n}: product “{sku}” is not defined</source>
        <translation>#{n}：商品“{sku}”未定义</translation>
    </message>
    <message>
        <source>Add it to the Products sheet or the catalog.</source>
        <translation>请把它加到“商品”工作表或商品库中。</translation>
    </message>
    <message>
        <source>#{n}: the card of “{name}” lacks {gaps}</source>
        <translation>#{n}：“{name}”的商品卡片缺少{gaps}</translation>
    </message>
    <message>
        <source>Fill them in the catalog.</source>
        <translation>请在商品库中补全。</translation>
    </message>
    <message>
        <source>#{n}: “{name}” has no image</source>
        <translation>#{n}：“{name}”没有图片</translation>
    </message>
    <message>
        <source>Cards look better with a picture.</source>
        <translation>有图片的卡片效果更好。</translation>
    </message>
    <message>
        <source>#{n}: coupon “{code}” is not defined</source>
        <translation>#{n}：优惠券“{code}”未定义</translation>
    </message>
    <message>
        <source>Add it to the Coupons sheet or the catalog.</source>
        <translation>请把它加到“优惠券”工作表或商品库中。</translation>
    </message>
    <message>
        <source>#{n}: coupon “{code}” lacks {gaps}</source>
        <translation>#{n}：优惠券“{code}”缺少{gaps}</translation>
    </message>
    <message>
        <source>#{n}: coupon “{code}” runs {time}, longer than its segment ({length})</source>
        <translation>#{n}：优惠券“{code}”倒计时 {time}，比所在环节（{length}）还长</translation>
    </message>
    <message>
        <source>Shorten the countdown or lengthen the segment, or let it run on deliberately.</source>
        <translation>请缩短倒计时或延长环节，或者有意让它延续下去。</translation>
    </message>
    <message>
        <source>#{n}: coupon “{code}” starts again (first at #{first})</source>
        <translation>#{n}：优惠券“{code}”再次开始（首次在 #{first}）</translation>
    </message>
    <message>
        <source>A second start restarts the countdown; is that intended?</source>
        <translation>再次开始会重新倒计时；确定要这样吗？</translation>
    </message>
    <message>
        <source>#{n} “{title}”: its lottery opens only if the one of #{first} has been drawn by then</source>
        <translation>#{n}“{title}”：仅当 #{first} 的福袋届时已开奖，本环节的福袋才会开启</translation>
    </message>
    <message>
        <source>Draw the lottery of #{first} before cueing #{n}: a lottery stays open until it is drawn, even once its time is up.</source>
        <translation>切到 #{n} 之前请先为 #{first} 的福袋开奖：福袋在开奖前一直开放，即使倒计时已结束。</translation>
    </message>
    <message>
        <source>#{n} talking points: {claims}</source>
        <translation>#{n} 讲解要点：{claims}</translation>
    </message>
    <message>
        <source>#{n} card of “{name}”: {claims}</source>
        <translation>#{n}“{name}”的商品卡片：{claims}</translation>
    </message>
    <message>
        <source>Absolute claims (最, 第一, 国家级, 100%, best, guaranteed …) can breach the Advertising Law (广告法) and the platforms&apos; rules: say what is true and checkable instead.</source>
        <translation>绝对化用语（最、第一、国家级、100%、best、guaranteed…）可能违反《广告法》和平台规则：请改用真实、可核实的说法。</translation>
    </message>
    <message>
        <source>“{term}” in “{context}”</source>
        <translation>“{context}”中的“{term}”</translation>
    </message>
    <message>
        <source>missing required column “{field}” ({aliases})</source>
        <translation>缺少必填列“{field}”（{aliases}）</translation>
    </message>
    <message>
        <source>unknown kind “{kind}” (one of {known})</source>
        <translation>未知类型“{kind}”（可选：{known}）</translation>
    </message>
    <message>
        <source>OBS has no scene “{scene}”</source>
        <translation>OBS 中没有场景“{scene}”</translation>
    </message>
    <message>
        <source>no catalog defines product “{sku}”</source>
        <translation>商品库中没有商品“{sku}”</translation>
    </message>
    <message>
        <source>no catalog defines coupon “{code}”</source>
        <translation>商品库中没有优惠券“{code}”</translation>
    </message>
    <message>
        <source>the segment is longer than 2 hours</source>
        <translation>该环节超过 2 小时</translation>
    </message>
    <message>
        <source>the segment lasts only {seconds} s: a bare number is minutes, and 0:05 reads as five seconds (m:ss); for five minutes type 5 or 5分钟</source>
        <translation>这个环节只有 {seconds} 秒：纯数字按分钟计，0:05 会读作五秒（分:秒）；五分钟请写 5 或 5分钟</translation>
    </message>
    <message>
        <source>duplicate SKU “{sku}”</source>
        <translation>SKU“{sku}”重复</translation>
    </message>
    <message>
        <source>duplicate coupon code “{code}”</source>
        <translation>券码“{code}”重复</translation>
    </message>
    <message>
        <source>this lottery opens only if the one of “{title}” has been drawn by then (one lottery is open at a time)</source>
        <translation>仅当“{title}”的福袋届时已开奖，这个福袋才会开启（同一时间只能有一个福袋）</translation>
    </message>
    <message>
        <source>the {field} is missing</source>
        <translation>缺少{field}</translation>
    </message>
    <message>
        <source>expected a duration such as 5, 5m, 90s, 5:00, 1:05:00, 5分钟 or 90秒, not {value}</source>
        <translation>应填时长，例如 5、5m、90s、5:00、1:05:00、5分钟 或 90秒，而不是 {value}</translation>
    </message>
    <message>
        <source>the duration must be more than zero, not {value}</source>
        <translation>时长必须大于零，而不是 {value}</translation>
    </message>
    <message>
        <source>{value} is less than a second: a bare number is minutes (5 is five minutes; seconds are 90s or 90秒)</source>
        <translation>{value} 不到一秒：纯数字按分钟计（5 即五分钟；秒请写 90s 或 90秒）</translation>
    </message>
    <message>
        <source>the duration must be at most a year, not {value}</source>
        <translation>时长最多一年，而不是 {value}</translation>
    </message>
    <message>
        <source>the duration is empty</source>
        <translation>时长为空</translation>
    </message>
    <message>
        <source>unknown unit “{unit}” in {value}; expected a duration such as 5, 5m, 90s, 5:00, 1:05:00, 5分钟 or 90秒</source>
        <translation>{value} 中的单位“{unit}”无法识别；应填时长，例如 5、5m、90s、5:00、1:05:00、5分钟 或 90秒</translation>
    </message>
    <message>
        <source>OBS has no scene named “{scene}”</source>
        <translation>OBS 中没有名为“{scene}”的场景</translation>
    </message>
    <message>
        <source>the Transition button works in studio mode only</source>
        <translation>“转场”按钮只在工作室模式下可用</translation>
    </message>
    <message>
        <source>the {output} is already running</source>
        <translation>{output}已在进行中</translation>
    </message>
    <message>
        <source>the {output} is not running</source>
        <translation>{output}尚未开始</translation>
    </message>
    <message>
        <source>OBS is still finishing the {output} it stopped; try again in a moment</source>
        <translation>OBS 仍在收尾已停止的{output}，请稍后再试</translation>
    </message>
    <message>
        <source>the {output} is already stopping</source>
        <translation>{output}正在停止</translation>
    </message>
    <message>
        <source>the {output} start was called off by the stop pressed after it</source>
        <translation>{output}未开始：随后按下的停止取消了这次开始</translation>
    </message>
    <message>
        <source>the connection to OBS was lost before OBS said it had saved the replay: it may not exist (no marker set)</source>
        <translation>OBS 确认回放已保存之前连接就断开了：回放可能并不存在（未打标记）</translation>
    </message>
    <message>
        <source>OBS refused {request}</source>
        <translation>OBS 拒绝了请求 {request}</translation>
    </message>
    <message>
        <source>OBS refused {request} ({detail})</source>
        <translation>OBS 拒绝了请求 {request}（{detail}）</translation>
    </message>
    <message>
        <source>OBS&apos;s replay buffer is switched off in its settings (回放缓存未启用): tick “Enable Replay Buffer” in OBS → Settings → Output → Replay Buffer, then start it from LiveDesk</source>
        <translation>OBS 的回放缓存在其设置中已关闭（回放缓存未启用）：在 OBS → 设置 → 输出 → 回放缓存 中勾选“启用回放缓存”，然后在 LiveDesk 中启动它</translation>
    </message>
    <message>
        <source>the replay buffer is not running, so there is nothing to save: start it first (the REPLAY button of the outputs panel, or POST /api/obs/replay_buffer with the action start)</source>
        <translation>回放缓存未运行，没有可保存的内容：请先启动它（输出面板中的“回放”按钮，或以 action start 调用 POST /api/obs/replay_buffer）</translation>
    </message>
    <message>
        <source>OBS has no virtual camera (虚拟摄像机不可用): on Linux install and load v4l2loopback (sudo apt install v4l2loopback-dkms; sudo modprobe v4l2loopback) and restart OBS; on Windows reinstall OBS with its virtual camera; on macOS allow OBS&apos;s camera extension in System Settings</source>
        <translation>OBS 没有虚拟摄像机（虚拟摄像机不可用）：Linux 上请安装并加载 v4l2loopback（sudo apt install v4l2loopback-dkms; sudo modprobe v4l2loopback）后重启 OBS；Windows 上请重新安装带虚拟摄像机的 OBS；macOS 上请在系统设置中允许 OBS 的摄像头扩展</translation>
    </message>
    <message>
        <source>no product with SKU “{sku}” in the catalog</source>
        <translation>商品库中没有 SKU 为“{sku}”的商品</translation>
    </message>
    <message>
        <source>a featured comment needs text</source>
        <translation>置顶评论需要有内容</translation>
    </message>
    <message>
        <source>there is no {kind} to show on screen</source>
        <translation>没有可上屏的 {kind}</translation>
    </message>
    <message>
        <source>no coupon with code “{code}” in the catalog</source>
        <translation>商品库中没有券码为“{code}”的优惠券</translation>
    </message>
    <message>
        <source>no coupon countdown is running</source>
        <translation>没有正在进行的优惠券倒计时</translation>
    </message>
    <message>
        <source>a segment is live; finish the run-sheet (or end the show) first</source>
        <translation>有环节正在进行；请先走完流程单（或结束本场）</translation>
    </message>
    <message>
        <source>the run-sheet has no more segments</source>
        <translation>流程单已没有更多环节</translation>
    </message>
    <message>
        <source>there is no segment before this one</source>
        <translation>前面没有环节了</translation>
    </message>
    <message>
        <source>choose a standby scene first (e.g. “马上回来 BRB”)</source>
        <translation>请先选择“马上回来”场景（例如“马上回来 BRB”）</translation>
    </message>
    <message>
        <source>this segment&apos;s lottery “{keyword}” is still open and goes on</source>
        <translation>本环节的福袋“{keyword}”仍在进行，继续有效</translation>
    </message>
    <message>
        <source>this segment&apos;s poll “{question}” is still open and goes on</source>
        <translation>本环节的投票“{question}”仍在进行，继续有效</translation>
    </message>
    <message>
        <source>this segment&apos;s check-in “{keyword}” is still open and goes on</source>
        <translation>本环节的签到“{keyword}”仍在进行，继续有效</translation>
    </message>
    <message>
        <source>a show needs a title</source>
        <translation>直播需要一个标题</translation>
    </message>
    <message>
        <source>the title is longer than 200 characters</source>
        <translation>标题超过 200 个字符</translation>
    </message>
    <message>
        <source>the show “{title}” is still running; end it first</source>
        <translation>直播“{title}”仍在进行；请先结束它</translation>
    </message>
    <message>
        <source>the show “{title}” is running; end it first</source>
        <translation>直播“{title}”正在进行；请先结束它</translation>
    </message>
    <message>
        <source>no show is running</source>
        <translation>没有进行中的直播</translation>
    </message>
    <message>
        <source>this show is on air; end it before deleting its log</source>
        <translation>这场直播正在进行；请先结束再删除其记录</translation>
    </message>
    <message>
        <source>the file is not an order table: {reason}</source>
        <translation>该文件不是订单表：{reason}</translation>
    </message>
    <message>
        <source>unknown report format “{fmt}”</source>
        <translation>未知的报告格式“{fmt}”</translation>
    </message>
    <message>
        <source>choose where to save the file</source>
        <translation>请选择文件的保存位置</translation>
    </message>
    <message>
        <source>no {fmt} export for this show: {reason}</source>
        <translation>这场直播无法导出 {fmt}：{reason}</translation>
    </message>
    <message>
        <source>{name} is larger than {mb} MB; is it an order export?</source>
        <translation>{name} 超过 {mb} MB，这是订单导出文件吗？</translation>
    </message>
    <message>
        <source>cannot read {name}: {reason}</source>
        <translation>无法读取 {name}：{reason}</translation>
    </message>
    <message>
        <source>there is no interrupted show to resume</source>
        <translation>没有可恢复的中断直播</translation>
    </message>
    <message>
        <source>a show is running; end it before resuming another</source>
        <translation>有直播正在进行；请先结束它再恢复另一场</translation>
    </message>
    <message>
        <source>the show was resumed or another was started meanwhile</source>
        <translation>在此期间该直播已被恢复，或已开始了另一场</translation>
    </message>
    <message>
        <source>the comment needs text</source>
        <translation>评论需要有内容</translation>
    </message>
    <message>
        <source>the text is longer than 2,000 characters</source>
        <translation>内容超过 2,000 个字符</translation>
    </message>
    <message>
        <source>{user} is on the block list</source>
        <translation>{user} 在屏蔽名单中</translation>
    </message>
    <message>
        <source>the text has blocked words or contact details</source>
        <translation>文字含屏蔽词或联系方式</translation>
    </message>
    <message>
        <source>comment {id} is blocked: it stays off the queue and the screen</source>
        <translation>评论 {id} 已屏蔽：不进入问题队列，也不上屏</translation>
    </message>
    <message>
        <source>say which viewer: “user_id” or “user” (and “platform”)</source>
        <translation>请说明是哪位观众：“user_id” 或 “user”（以及 “platform”）</translation>
    </message>
    <message>
        <source>the message for the host needs text</source>
        <translation>给主播的消息需要文字</translation>
    </message>
    <message>
        <source>a message for the host is at most {max} characters</source>
        <translation>给主播的消息最多 {max} 个字符</translation>
    </message>
    <message>
        <source>“level” must be info or urgent</source>
        <translation>“level” 须为 info 或 urgent</translation>
    </message>
    <message>
        <source>a marker note is at most {n} characters</source>
        <translation>标记备注最多 {n} 个字符</translation>
    </message>
    <message>
        <source>the log does not say which file recording {n} went to: pass it with --recording FILE</source>
        <translation>日志中没有第 {n} 段录像的文件名：请用 --recording FILE 指定</translation>
    </message>
    <message>
        <source>the log has no recording timecodes for this show (OBS was not recording while LiveDesk followed it), so there is no telling where its clips are in {path}</source>
        <translation>日志中没有这场直播的录制时间码（LiveDesk 跟随时 OBS 没有在录制），无法确定各片段在 {path} 中的位置</translation>
    </message>
    <message>
        <source>the recording {path} is not there (moved or deleted?)</source>
        <translation>找不到录像 {path}（已移动或删除？）</translation>
    </message>
    <message>
        <source>{title}: not recorded</source>
        <translation>{title}：未录制</translation>
    </message>
    <message>
        <source>{title}: after the end of the recording file</source>
        <translation>{title}：超出录像文件的结尾</translation>
    </message>
    <message>
        <source>{title}: {seconds} s long, under the {min} s a clip needs: no clip</source>
        <translation>{title}：只有 {seconds} 秒，短于切片所需的 {min} 秒，不生成切片</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>ffmpeg is not installed: install it (apt install ffmpeg, brew install ffmpeg, winget install ffmpeg) or set LIVEDESK_FFMPEG to its path</source>
        <translation>未安装 ffmpeg：请安装（apt install ffmpeg、brew install ffmpeg、winget install ffmpeg），或把 LIVEDESK_FFMPEG 设为它的路径</translation>
    </message>
    <message>
        <source>ffmpeg could not cut {path}: {reason}</source>
        <translation>ffmpeg 无法剪切 {path}：{reason}</translation>
    </message>
    <message>
        <source>there is no question {id}</source>
        <translation>没有第 {id} 个问题</translation>
    </message>
    <message>
        <source>{user} is already answering the question “{question}”</source>
        <translation>{user} 已在回答问题“{question}”</translation>
    </message>
    <message>
        <source>{user} is answering the question “{question}”</source>
        <translation>{user} 正在回答问题“{question}”</translation>
    </message>
    <message>
        <source>the question “{question}” is already {state}</source>
        <translation>问题“{question}”已{state}</translation>
    </message>
    <message>
        <source>the question “{question}” is already answered</source>
        <translation>问题“{question}”已回答</translation>
    </message>
    <message>
        <source>viewers asked “{question}” again after it was dismissed: answer the open one</source>
        <translation>“{question}”被忽略后观众又问了：请处理待处理中的那一条</translation>
    </message>
    <message>
        <source>the question “{question}” was dismissed: reopen it to put it on screen</source>
        <translation>问题“{question}”已忽略：先恢复它，才能上屏</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>“{field}” is at most {limit:,} characters, not {count:,}</source>
        <translation>“{field}”最多 {limit:,} 个字符，现为 {count:,} 个</translation>
    </message>
    <message>
        <source>say who you are (“by”)</source>
        <translation>请说明你是谁（“by”）</translation>
    </message>
    <message>
        <source>the {field} must be a number such as 199 or 39.90, not {value}</source>
        <translation>{field}必须是数字，例如 199 或 39.90，而不是 {value}</translation>
    </message>
    <message>
        <source>the {field} must be more than 0, not {value}</source>
        <translation>{field}必须大于 0，而不是 {value}</translation>
    </message>
    <message>
        <source>the {field} must be at most {limit}, not {value}</source>
        <translation>{field}最多为 {limit}，而不是 {value}</translation>
    </message>
    <message>
        <source>the {field} has at most {n} decimals, not {value}</source>
        <translation>{field}最多保留 {n} 位小数，而不是 {value}</translation>
    </message>
    <message>
        <source>a countdown runs between 1 second and 24 hours (300, 5:00 or 5m), not {value}</source>
        <translation>倒计时须在 1 秒到 24 小时之间（如 300、5:00 或 5m），而不是 {value}</translation>
    </message>
    <message>
        <source>a countdown is extended by a positive number of seconds, not {value}</source>
        <translation>倒计时只能延长正数秒，而不是 {value}</translation>
    </message>
    <message>
        <source>a countdown runs at most 24 hours: {value} s more would make it longer</source>
        <translation>倒计时最长 24 小时：再加 {value} 秒就超出了</translation>
    </message>
    <message>
        <source>the {field} must be a whole number from 0 to {limit}, not {value}</source>
        <translation>{field}必须是 0 到 {limit} 之间的整数，而不是 {value}</translation>
    </message>
    <message>
        <source>the coupon code is missing</source>
        <translation>缺少优惠券代码</translation>
    </message>
    <message>
        <source>the coupon code must be at most {n} characters, not {count}</source>
        <translation>优惠券代码最多 {n} 个字符，当前为 {count} 个</translation>
    </message>
    <message>
        <source>the coupon code must be one word without spaces, not {value}</source>
        <translation>优惠券代码必须是不含空格的一个词，而不是 {value}</translation>
    </message>
    <message>
        <source>the SKU is missing</source>
        <translation>缺少 SKU</translation>
    </message>
    <message>
        <source>the SKU must be at most {n} characters, not {count}</source>
        <translation>SKU 最多 {n} 个字符，当前为 {count} 个</translation>
    </message>
    <message>
        <source>the SKU must be printable text on one line, not {value}</source>
        <translation>SKU 必须是单行可打印文字，而不是 {value}</translation>
    </message>
    <message>
        <source>the discount must be text, not {value}</source>
        <translation>折扣必须是文字，而不是 {value}</translation>
    </message>
    <message>
        <source>the discount must be at most {n} characters, not {count}</source>
        <translation>折扣最多 {n} 个字符，当前为 {count} 个</translation>
    </message>
    <message>
        <source>the discount must be printable text on one line, not {value}</source>
        <translation>折扣必须是单行可打印文字，而不是 {value}</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>original price</source>
        <translation>原价</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>stream</source>
        <translation>推流</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>录制</translation>
    </message>
    <message>
        <source>Run-sheet errors: {n}</source>
        <translation>流程单有 {n} 处错误</translation>
    </message>
    <message>
        <source>Segments: {n} · planned {total}</source>
        <translation>{n} 个环节，计划 {total}</translation>
    </message>
    <message>
        <source>this show has no recording: clips are cut from what OBS recorded while LiveDesk followed the show</source>
        <translation>这场直播没有录像：片段只能从 LiveDesk 跟随直播时 OBS 录下的文件中剪出</translation>
    </message>
    <message>
        <source>every viewer who asked “{question}” is blocked: it stays off screen</source>
        <translation>提问“{question}”的观众都已被拉黑：不能上屏</translation>
    </message>
    <message>
        <source>“action” must be claim, answer, dismiss, reopen or feature</source>
        <translation>“action”必须是 claim、answer、dismiss、reopen 或 feature</translation>
    </message>
    <message>
        <source>a keyword is needed (the text viewers type, such as 666 or 签到)</source>
        <translation>需要口令（观众输入的文字，如 666 或 签到）</translation>
    </message>
    <message>
        <source>the keyword is longer than {limit} characters</source>
        <translation>口令超过 {limit} 个字符</translation>
    </message>
    <message>
        <source>the time must be a whole number of seconds from 1 to {limit}</source>
        <translation>时间须为 1 到 {limit} 的整数秒</translation>
    </message>
    <message>
        <source>the interaction cannot be read: {detail}</source>
        <translation>无法读取互动：{detail}</translation>
    </message>
    <message>
        <source>an interaction starts with what it opens (one of {known}), then “:”</source>
        <translation>互动以要开启的类型开头（{known} 之一），后接“:”</translation>
    </message>
    <message>
        <source>a quiz marks its one right option with * (2+2? | 3 | 4*)</source>
        <translation>答题须用 * 标出唯一正确选项（2+2? | 3 | 4*）</translation>
    </message>
    <message>
        <source>the winners must be a whole number from 1 to {limit}</source>
        <translation>中奖人数须为 1 到 {limit} 的整数</translation>
    </message>
    <message>
        <source>there is no lottery {id}</source>
        <translation>没有抽奖 {id}</translation>
    </message>
    <message>
        <source>lottery {id} is still open; draw it first</source>
        <translation>抽奖 {id} 仍在进行，请先开奖</translation>
    </message>
    <message>
        <source>lottery {id} is already drawn</source>
        <translation>抽奖 {id} 已开奖</translation>
    </message>
    <message>
        <source>a poll needs a question</source>
        <translation>投票需要一个问题</translation>
    </message>
    <message>
        <source>the question is longer than {limit} characters</source>
        <translation>问题超过 {limit} 个字符</translation>
    </message>
    <message>
        <source>a poll has {low} to {high} options, each a text</source>
        <translation>投票须有 {low} 到 {high} 个选项，每项为文字</translation>
    </message>
    <message>
        <source>the answer is the index of the right option, from 0 to {high}</source>
        <translation>答案为正确选项的序号，从 0 到 {high}</translation>
    </message>
    <message>
        <source>there is no poll {id}</source>
        <translation>没有投票 {id}</translation>
    </message>
    <message>
        <source>poll {id} is still open; close it first</source>
        <translation>投票 {id} 仍在进行，请先结束</translation>
    </message>
    <message>
        <source>poll {id} is not a quiz: it has no right answer to reveal</source>
        <translation>投票 {id} 不是答题：没有可公布的正确答案</translation>
    </message>
    <message>
        <source>a check-in is already open</source>
        <translation>签到已在进行</translation>
    </message>
    <message>
        <source>no check-in is open</source>
        <translation>没有进行中的签到</translation>
    </message>
    <message>
        <source>no check-in in this show: there is no attendance list to export</source>
        <translation>本场没有签到，无法导出签到名单</translation>
    </message>
    <message>
        <source>segment {n} “{title}” cannot open its interaction: {problem}</source>
        <translation>第 {n} 段“{title}”无法开启互动：{problem}</translation>
    </message>
    <message>
        <source>Write the interaction cell as lottery: 口令=666; winners=3; 60s, poll: question | A | B, quiz: question | wrong | right*, or checkin: 签到</source>
        <translation>互动格请写成 抽奖：口令=666；人数=3；60秒，投票：问题｜A｜B，答题：问题｜错误项｜正确项*，或 签到：签到</translation>
    </message>
    <message>
        <source>column {n} has no header: LiveDesk does not read it</source>
        <translation>第 {n} 列没有表头：LiveDesk 不读取该列</translation>
    </message>
    <message>
        <source>LiveDesk does not read the column “{name}”: it is kept, unused</source>
        <translation>LiveDesk 不读取“{name}”列：该列会原样保留，但不会被使用</translation>
    </message>
    <message>
        <source>LiveDesk does not read the column “{name}”: nothing in it is used</source>
        <translation>LiveDesk 不读取“{name}”列：其中的内容都不会被使用</translation>
    </message>
    <message>
        <source>a countdown under “时长” needs a unit (5分钟, 90秒 or 5:00), not {value}; a column headed “秒”, “秒数” or “seconds” takes a bare number of seconds</source>
        <translation>“时长”列下的倒计时需要写单位（5分钟、90秒或 5:00），而不是 {value}；表头为“秒”“秒数”或“seconds”的一列可直接填秒数</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>a folder, not a run-sheet file</source>
        <translation>这是文件夹，不是流程单文件</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>cannot read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <source>unknown run-sheet format “{format}”: {hint}</source>
        <translation>未知的流程单格式“{format}”：{hint}</translation>
    </message>
    <message>
        <source>the old Excel .xls format cannot be read; save the workbook as .xlsx</source>
        <translation>无法读取旧版 Excel .xls 格式，请将工作簿另存为 .xlsx</translation>
    </message>
    <message>
        <source>export the Numbers sheet as .xlsx or CSV</source>
        <translation>请将 Numbers 表格导出为 .xlsx 或 CSV</translation>
    </message>
    <message>
        <source>save the table as CSV (.csv)</source>
        <translation>请将表格另存为 CSV（.csv）</translation>
    </message>
    <message>
        <source>use {extensions}</source>
        <translation>请使用 {extensions}</translation>
    </message>
    <message>
        <source>the file holds binary content, not JSON text</source>
        <translation>文件包含二进制内容，不是 JSON 文本</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text (byte {byte})</source>
        <translation>文件不是 UTF-8 文本（第 {byte} 字节）</translation>
    </message>
    <message>
        <source>invalid JSON: {detail}</source>
        <translation>JSON 无效：{detail}</translation>
    </message>
    <message>
        <source>invalid JSON: {detail} (numbers must be finite)</source>
        <translation>JSON 无效：{detail}（数字必须是有限值）</translation>
    </message>
    <message>
        <source>invalid JSON: nested too deeply</source>
        <translation>JSON 无效：嵌套层数过深</translation>
    </message>
    <message>
        <source>the file is not valid UTF-16 text</source>
        <translation>文件不是有效的 UTF-16 文本</translation>
    </message>
    <message>
        <source>the file is not a CSV text file but {what}</source>
        <translation>文件不是 CSV 文本文件，而是{what}</translation>
    </message>
    <message>
        <source>an Excel workbook or another zip archive; save it as .xlsx</source>
        <translation>Excel 工作簿或其他 zip 压缩包；请另存为 .xlsx</translation>
    </message>
    <message>
        <source>an old Excel .xls workbook; save it as .xlsx or CSV</source>
        <translation>旧版 Excel .xls 工作簿；请另存为 .xlsx 或 CSV</translation>
    </message>
    <message>
        <source>a PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source>the file holds binary content, not CSV text</source>
        <translation>文件包含二进制内容，不是 CSV 文本</translation>
    </message>
    <message>
        <source>the file is not text in UTF-8 or GBK/GB18030</source>
        <translation>文件不是 UTF-8 或 GBK/GB18030 编码的文本</translation>
    </message>
    <message>
        <source>not a readable CSV table: {detail}</source>
        <translation>不是可读取的 CSV 表格：{detail}</translation>
    </message>
    <message>
        <source>the quote (&quot;) that opens a cell on line {line} is never closed, so every later line would be read into that cell: close the quote or remove it</source>
        <translation>第 {line} 行单元格开头的引号（&quot;）没有闭合，之后的每一行都会被读进这个单元格：请补上闭合引号或删除它</translation>
    </message>
    <message>
        <source>not a valid XLSX workbook ({reason})</source>
        <translation>不是有效的 XLSX 工作簿（{reason}）</translation>
    </message>
    <message>
        <source>the workbook has no worksheet</source>
        <translation>工作簿中没有工作表</translation>
    </message>
    <message>
        <source>line {line}: not a readable CSV table ({detail})</source>
        <translation>第 {line} 行：不是可读取的 CSV 表格（{detail}）</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>商品编码</translation>
    </message>
    <message>
        <source>product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>choose the {field} column</source>
        <translation>请选择{field}列</translation>
    </message>
    <message>
        <source>the file has no column “{column}” (for {field})</source>
        <translation>文件中没有“{column}”列（用作{field}）</translation>
    </message>
    <message>
        <source>the {field} is longer than {limit} characters</source>
        <translation>{field}超过 {limit} 个字符</translation>
    </message>
    <message>
        <source>the time is empty</source>
        <translation>时间为空</translation>
    </message>
    <message>
        <source>“{text}” is not a date and time nor unix seconds</source>
        <translation>“{text}”不是日期时间，也不是 Unix 秒数</translation>
    </message>
    <message>
        <source>“{text}” is not a date and time (e.g. 2024-11-11 20:05:00) nor unix seconds</source>
        <translation>“{text}”不是日期时间（例如 2024-11-11 20:05:00），也不是 Unix 秒数</translation>
    </message>
    <message>
        <source>the amount is empty</source>
        <translation>金额为空</translation>
    </message>
    <message>
        <source>“{text}” is not an amount (e.g. 39.90)</source>
        <translation>“{text}”不是金额（例如 39.90）</translation>
    </message>
    <message>
        <source>“{text}” is ambiguous: is the dot a decimal point or a thousands separator? Write the amount with its cents (1,299.00 or 1.299,00)</source>
        <translation>“{text}”有歧义：其中的点是小数点还是千位分隔符？请写出角分（1,299.00 或 1.299,00）</translation>
    </message>
    <message>
        <source>“{text}” is not a quantity (a whole number)</source>
        <translation>“{text}”不是数量（应为整数）</translation>
    </message>
    <message>
        <source>“{text}” is ambiguous: is the dot a decimal point or a thousands separator? Write the quantity without it (e.g. 1000)</source>
        <translation>“{text}”有歧义：其中的点是小数点还是千位分隔符？请去掉它（例如 1000）</translation>
    </message>
    <message>
        <source>left out: the order is “{status}” (cancelled, closed, refunded or not paid)</source>
        <translation>未计入：订单状态为“{status}”（已取消、已关闭、已退款或未付款）</translation>
    </message>
    <message>
        <source>the same row as line {first} (the order exported twice): counted once</source>
        <translation>与第 {first} 行完全相同（重复导出），只计一次</translation>
    </message>
    <message>
        <source>The file has no order-number column: each row counts as one order, so an order of several items counts once per item.</source>
        <translation>文件没有订单号列：每一行算一单，一单多件会按件重复计数。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Cannot read the settings file {path}: {problem} at line {line}, column {column}. LiveDesk started with the default settings; correct the file and restart LiveDesk. A copy of the file is kept as {backup}.</source>
        <translation>无法读取设置文件 {path}：第 {line} 行第 {column} 列{problem}。LiveDesk 已使用默认设置启动；请改正该文件后重启 LiveDesk。文件副本已保存为 {backup}。</translation>
    </message>
    <message>
        <source>Cannot read the settings file {path}: {problem} at line {line}, column {column}. LiveDesk started with the default settings; correct the file and restart LiveDesk.</source>
        <translation>无法读取设置文件 {path}：第 {line} 行第 {column} 列{problem}。LiveDesk 已使用默认设置启动；请改正该文件后重启 LiveDesk。</translation>
    </message>
    <message>
        <source>Cannot open the settings file {path} ({reason}). LiveDesk started with the default settings.</source>
        <translation>无法打开设置文件 {path}（{reason}）。LiveDesk 已使用默认设置启动。</translation>
    </message>
    <message>
        <source>a comma before a closing bracket (delete that comma)</source>
        <translation>右括号前多了一个逗号（删掉这个逗号）</translation>
    </message>
    <message>
        <source>this is not valid JSON ({detail})</source>
        <translation>不是有效的 JSON（{detail}）</translation>
    </message>
    <message>
        <source>this is not UTF-8 text</source>
        <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>this is not a JSON object (settings between curly brackets)</source>
        <translation>不是 JSON 对象（设置应写在花括号中）</translation>
    </message>
    <message>
        <source>{path}: {note}</source>
        <translation>{path}：{note}</translation>
    </message>
    <message>
        <source>{key} must be true or false; using the default</source>
        <translation>{key} 必须为 true 或 false；已使用默认值</translation>
    </message>
    <message>
        <source>{key} must be a list of words; using the default</source>
        <translation>{key} 必须是词语列表；已使用默认值</translation>
    </message>
    <message>
        <source>{key}: {value} is not valid; using the default</source>
        <translation>{key}：{value} 无效；已使用默认值</translation>
    </message>
    <message>
        <source>chat_sources must be a list of objects; none are started</source>
        <translation>chat_sources 必须是对象列表；未启动任何评论来源</translation>
    </message>
    <message>
        <source>audience_rules must be an object of word lists; using the default</source>
        <translation>audience_rules 必须是词表对象；已使用默认值</translation>
    </message>
    <message>
        <source>hotkeys must be an object of action: key; using the default keys</source>
        <translation>hotkeys 必须是“动作: 按键”对象；已使用默认按键</translation>
    </message>
    <message>
        <source>overlay_mode must be auto, browser or native; using auto</source>
        <translation>overlay_mode 必须为 auto、browser 或 native；已使用 auto</translation>
    </message>
    <message>
        <source>language must be &quot;&quot;, &quot;zh_CN&quot; or &quot;en&quot;; following the system</source>
        <translation>language 必须为 &quot;&quot;、&quot;zh_CN&quot; 或 &quot;en&quot;；跟随系统</translation>
    </message>
    <message>
        <source>theme must be system, light or dark; using system</source>
        <translation>theme 必须为 system、light 或 dark；已使用 system</translation>
    </message>
    <message>
        <source>overlay_theme must be an object; using the default</source>
        <translation>overlay_theme 必须是对象；已使用默认值</translation>
    </message>
    <message>
        <source>overlay_theme {key}: “{value}” is not a colour like #E4393C; using the default theme</source>
        <translation>overlay_theme {key}：“{value}”不是 #E4393C 这样的颜色；已使用默认主题</translation>
    </message>
    <message>
        <source>overlay_theme font: empty; using the default theme</source>
        <translation>overlay_theme font 为空；已使用默认主题</translation>
    </message>
    <message>
        <source>chat source #{n} ({kind}): {problem}</source>
        <translation>评论来源 #{n}（{kind}）：{problem}</translation>
    </message>
    <message>
        <source>chat source #{n}: {problem}</source>
        <translation>评论来源 #{n}：{problem}</translation>
    </message>
    <message>
        <source>each entry must be an object</source>
        <translation>每一项都必须是对象</translation>
    </message>
    <message>
        <source>“kind” must be twitch, youtube, bilibili or replay, not “{kind}”</source>
        <translation>“kind”必须为 twitch、youtube、bilibili 或 replay，而不是“{kind}”</translation>
    </message>
    <message>
        <source>no channel: write the channel&apos;s name (letters, digits and _), the NAME in twitch.tv/NAME</source>
        <translation>没有频道：请填写频道名（字母、数字和 _），即 twitch.tv/名字 中的名字</translation>
    </message>
    <message>
        <source>“{value}” is not a Twitch channel: write the channel&apos;s name (letters, digits and _), the NAME in twitch.tv/NAME</source>
        <translation>“{value}”不是 Twitch 频道：请填写频道名（字母、数字和 _），即 twitch.tv/名字 中的名字</translation>
    </message>
    <message>
        <source>no video: paste the live stream&apos;s address (youtube.com/watch?v=…, youtube.com/live/…, youtu.be/… or YouTube Studio&apos;s studio.youtube.com/video/…/livestreaming) or its 11-character ID</source>
        <translation>没有视频：请粘贴直播地址（youtube.com/watch?v=…、youtube.com/live/…、youtu.be/… 或 YouTube 工作室的 studio.youtube.com/video/…/livestreaming）或 11 位视频 ID</translation>
    </message>
    <message>
        <source>not a YouTube video URL or id: “{value}”; paste the live stream&apos;s address (youtube.com/watch?v=…, youtube.com/live/…, youtu.be/… or YouTube Studio&apos;s studio.youtube.com/video/…/livestreaming) or its 11-character ID</source>
        <translation>不是 YouTube 视频地址或 ID：“{value}”；请粘贴直播地址（youtube.com/watch?v=…、youtube.com/live/…、youtu.be/… 或 YouTube 工作室的 studio.youtube.com/video/…/livestreaming）或 11 位视频 ID</translation>
    </message>
    <message>
        <source>no YouTube API key: type it in Settings → Chat sources → Keys (or set LIVEDESK_YOUTUBE_KEY), then restart LiveDesk</source>
        <translation>没有 YouTube API 密钥：请在 设置 → 评论来源 → 密钥 中填写（或设置 LIVEDESK_YOUTUBE_KEY），然后重启 LiveDesk</translation>
    </message>
    <message>
        <source>no room number: write the number at the end of the room&apos;s address, e.g. 21452505 for live.bilibili.com/21452505</source>
        <translation>没有房间号：请填写直播间地址末尾的数字，例如 live.bilibili.com/21452505 的 21452505</translation>
    </message>
    <message>
        <source>“{value}” is not a Bilibili room number: write the number at the end of the room&apos;s address, e.g. 21452505 for live.bilibili.com/21452505</source>
        <translation>“{value}”不是 B站房间号：请填写直播间地址末尾的数字，例如 live.bilibili.com/21452505 的 21452505</translation>
    </message>
    <message>
        <source>“uid” must be your Bilibili user number (digits only), not “{value}”</source>
        <translation>“uid”必须是你的 B站用户数字 ID（只含数字），而不是“{value}”</translation>
    </message>
    <message>
        <source>no file: choose the chat recording to replay</source>
        <translation>没有文件：请选择要回放的评论录制文件</translation>
    </message>
    <message>
        <source>“speed” must be a number from {low} to {high}, not “{value}”</source>
        <translation>“speed”必须是 {low} 到 {high} 之间的数字，而不是“{value}”</translation>
    </message>
    <message>
        <source>“port” must be a whole number from 1 to 65535, not “{value}”</source>
        <translation>“port”必须是 1 到 65535 之间的整数，而不是“{value}”</translation>
    </message>
    <message>
        <source>“{key}” must be text</source>
        <translation>“{key}”必须是文本</translation>
    </message>
    <message>
        <source>cannot find {host}: check the internet connection; LiveDesk tries again by itself</source>
        <translation>找不到 {host}：请检查网络连接；LiveDesk 会自动重试</translation>
    </message>
    <message>
        <source>{host} refused the connection: check the internet connection and the firewall; LiveDesk tries again by itself</source>
        <translation>{host} 拒绝了连接：请检查网络连接和防火墙；LiveDesk 会自动重试</translation>
    </message>
    <message>
        <source>no answer from {host} in time: check the internet connection; LiveDesk tries again by itself</source>
        <translation>{host} 没有及时应答：请检查网络连接；LiveDesk 会自动重试</translation>
    </message>
    <message>
        <source>the connection to {host} failed ({detail}): check the internet connection; LiveDesk tries again by itself</source>
        <translation>与 {host} 的连接失败（{detail}）：请检查网络连接；LiveDesk 会自动重试</translation>
    </message>
    <message>
        <source>the chat recording {path} is not there: choose it again in Settings → Chat sources</source>
        <translation>评论录制文件 {path} 不存在：请在 设置 → 评论来源 中重新选择</translation>
    </message>
    <message>
        <source>cannot read the chat recording {path} ({detail}): check the file, or choose another in Settings → Chat sources</source>
        <translation>无法读取评论录制文件 {path}（{detail}）：请检查该文件，或在 设置 → 评论来源 中另选一个</translation>
    </message>
    <message>
        <source>“{line}”: “{platform}” is not a platform LiveDesk knows, so the whole line would be read as a viewer&apos;s name; write platform:name (bilibili:小明, 抖音:小明) or the name alone</source>
        <translation>“{line}”：“{platform}”不是 LiveDesk 认识的平台，整行会被当作观众名字；请写成 平台:名字（bilibili:小明、抖音:小明）或只写名字</translation>
    </message>
    <message>
        <source>“{line}” names no viewer after the platform</source>
        <translation>“{line}”在平台后面没有写观众</translation>
    </message>
</context>
<context>
    <name>NotesDelegate</name>
    <message>
        <source>One talking point per line</source>
        <translation>每行一个讲解要点</translation>
    </message>
</context>
<context>
    <name>ObsPage</name>
    <message>
        <source>OBS → Tools → WebSocket Server Settings shows the port (4455 by default)</source>
        <translation>端口可在 OBS → 工具 → WebSocket 服务器设置 中查看（默认 4455）</translation>
    </message>
    <message>
        <source>OBS password</source>
        <translation>OBS 密码</translation>
    </message>
    <message>
        <source>OBS → Tools → WebSocket Server Settings → Show Connect Info → Server Password</source>
        <translation>OBS → 工具 → WebSocket 服务器设置 → 显示连接信息 → 服务器密码</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Connect to OBS once with this address and password</source>
        <translation>用这个地址和密码连接一次 OBS</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>OBS</source>
        <translation>OBS</translation>
    </message>
    <message>
        <source>OBS address: enter it like {example}</source>
        <translation>OBS 地址：请按 {example} 的格式填写</translation>
    </message>
    <message>
        <source>OBS address: “{text}” is not a WebSocket address; write it as ws://HOST:PORT, e.g. {example}</source>
        <translation>OBS 地址：“{text}”不是 WebSocket 地址；请写成 ws://主机:端口，例如 {example}</translation>
    </message>
    <message>
        <source>OBS address: the port must be a number from 1 to 65535</source>
        <translation>OBS 地址：端口必须是 1 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>OBS address: port {port} is LiveDesk&apos;s own local server, not OBS; OBS&apos;s WebSocket server uses {default} by default (OBS → Tools → WebSocket Server Settings shows it)</source>
        <translation>OBS 地址：端口 {port} 是 LiveDesk 自己的本地服务器，不是 OBS；OBS 的 WebSocket 服务器默认使用 {default}（在 OBS → 工具 → WebSocket 服务器设置 中可以看到）</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <source>{problem}. {hint}</source>
        <translation>{problem}。{hint}</translation>
    </message>
    <message>
        <source>Could not connect: {error}</source>
        <translation>无法连接：{error}</translation>
    </message>
    <message>
        <source>Connected: OBS {obs}, obs-websocket {ws}.</source>
        <translation>已连接：OBS {obs}，obs-websocket {ws}。</translation>
    </message>
</context>
<context>
    <name>OrderImportDialog</name>
    <message>
        <source>Import orders — {name}</source>
        <translation>导入订单 — {name}</translation>
    </message>
    <message>
        <source>Order time</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation>（选择一列）</translation>
    </message>
    <message>
        <source>Choose the columns of the platform&apos;s export. Times without a time zone are taken as this computer&apos;s local time. Importing replaces orders imported earlier for this show.</source>
        <translation>请选择平台导出文件中的各列。没有时区的时间按本机时区处理。导入会替换本场之前导入的订单。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>First rows of the file</source>
        <translation>文件的前几行</translation>
    </message>
    <message>
        <source>Choose the order time and amount columns.</source>
        <translation>请选择下单时间列和金额列。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) in the file</source>
        <translation>
            <numerusform>文件共 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>of the first {n}: {good} read, {bad} with a problem.</source>
        <translation>前 {n} 行中 {good} 行读取成功，{bad} 行有问题。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n order(s) ({amount})</source>
        <translation>
            <numerusform>已导入 %n 个订单（{amount}）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) could not be read and were left out.</source>
        <translation>
            <numerusform>%n 行无法读取，已略过。</numerusform>
        </translation>
    </message>
    <message>
        <source>This show was deleted from the archive; nothing was imported.</source>
        <translation>这场直播已从存档中删除，未导入任何订单。</translation>
    </message>
    <message>
        <source>Line {line}: {message}</source>
        <translation>第 {line} 行：{message}</translation>
    </message>
    <message>
        <source>No row could be read as an order; nothing was imported. Check the columns and the problems below.</source>
        <translation>没有任何一行能读成订单；未导入任何内容。请检查所选列和下面列出的问题。</translation>
    </message>
    <message numerus="yes">
        <source>%n cancelled, closed or refunded row(s) left out.</source>
        <translation>
            <numerusform>%n 行已取消、已关闭或已退款的订单未计入。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repeated row(s) counted once.</source>
        <translation>
            <numerusform>%n 行重复记录只计一次。</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing orders…</source>
        <translation>正在导入订单…</translation>
    </message>
</context>
<context>
    <name>OutputsPanel</name>
    <message>
        <source>LIVE</source>
        <translation>直播</translation>
    </message>
    <message>
        <source>REC</source>
        <translation>录制</translation>
    </message>
    <message>
        <source>Start or stop streaming (stopping asks first)</source>
        <translation>开始或停止推流（停止前会确认）</translation>
    </message>
    <message>
        <source>Start or stop the recording (stopping asks first)</source>
        <translation>开始或停止录制（停止前会确认）</translation>
    </message>
    <message>
        <source>REPLAY</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the replay buffer to a file and mark the moment</source>
        <translation>将回放缓存保存为文件并标记此刻</translation>
    </message>
    <message>
        <source>VIRTUAL CAM</source>
        <translation>虚拟摄像机</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>推流</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>录制</translation>
    </message>
    <message>
        <source>Bitrate</source>
        <translation>码率</translation>
    </message>
    <message>
        <source>Dropped frames</source>
        <translation>丢帧</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>FPS</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Stopping the stream…</source>
        <translation>正在停止推流…</translation>
    </message>
    <message>
        <source>Starting the stream…</source>
        <translation>正在开始推流…</translation>
    </message>
    <message>
        <source>Stop streaming</source>
        <translation>停止推流</translation>
    </message>
    <message>
        <source>Start streaming</source>
        <translation>开始推流</translation>
    </message>
    <message>
        <source>Finishing the recording…</source>
        <translation>正在完成录制…</translation>
    </message>
    <message>
        <source>Starting the recording…</source>
        <translation>正在开始录制…</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>停止录制</translation>
    </message>
    <message>
        <source>Start recording</source>
        <translation>开始录制</translation>
    </message>
    <message>
        <source>OBS&apos;s replay buffer runs: click to stop it</source>
        <translation>OBS 回放缓存运行中：点击停止</translation>
    </message>
    <message>
        <source>Start OBS&apos;s replay buffer: OBS keeps the last seconds, ready to save</source>
        <translation>启动 OBS 回放缓存：OBS 保留最近几十秒，随时可保存</translation>
    </message>
    <message>
        <source>OBS&apos;s virtual camera runs: click to stop it (asks first)</source>
        <translation>OBS 虚拟摄像机运行中：点击停止（会先确认）</translation>
    </message>
    <message>
        <source>Start OBS&apos;s virtual camera, the picture 抖音直播伴侣 and other apps take</source>
        <translation>启动 OBS 虚拟摄像机，供抖音直播伴侣等应用获取画面</translation>
    </message>
    <message>
        <source>{kbps:.0f} kbps</source>
        <translation>{kbps:.0f} kbps</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>已保存 {file}</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Stop the live stream? Viewers will see the broadcast end.</source>
        <translation>要停止推流吗？观众将看到直播结束。</translation>
    </message>
    <message>
        <source>Stop virtual camera</source>
        <translation>停止虚拟摄像机</translation>
    </message>
    <message>
        <source>Stop the virtual camera? Apps that take OBS&apos;s picture from it (抖音直播伴侣…) lose it, and so may their live broadcast.</source>
        <translation>停止虚拟摄像机？从它获取 OBS 画面的应用（抖音直播伴侣…）将失去画面，其直播也可能中断。</translation>
    </message>
    <message>
        <source>Stop the recording?</source>
        <translation>要停止录制吗？</translation>
    </message>
</context>
<context>
    <name>OverlayPanel</name>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Click (or Enter) to show a product&apos;s card; click the one on screen to hide it</source>
        <translation>单击（或按回车）显示商品卡片；单击正在显示的商品即隐藏</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Select a coupon, then Start</source>
        <translation>选择一张优惠券，然后点“开始”</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Coupon&apos;s own time</source>
        <translation>使用券自带时长</translation>
    </message>
    <message>
        <source>Run the countdown this long instead of its own time</source>
        <translation>倒计时改用这个时长，而不用券自带的时长</translation>
    </message>
    <message>
        <source>Start the selected coupon&apos;s countdown</source>
        <translation>开始选中优惠券的倒计时</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End the coupon countdown now</source>
        <translation>立即结束优惠券倒计时</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Add {n} seconds to the countdown</source>
        <translation>倒计时延长 {n} 秒</translation>
    </message>
    <message>
        <source>+{n} s</source>
        <translation>+{n} 秒</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>Comment or question to show</source>
        <translation>要展示的评论或提问</translation>
    </message>
    <message>
        <source>Put this comment on screen; {key} in the comment field does too</source>
        <translation>把这条评论放上画面；在评论框中按 {key} 也可以</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>展示</translation>
    </message>
    <message>
        <source>Take the featured comment off screen</source>
        <translation>撤下置顶评论</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>撤下</translation>
    </message>
    <message>
        <source>Gift alerts</source>
        <translation>礼物提醒</translation>
    </message>
    <message>
        <source>Show each gift, membership, super chat and follow on stream for a few seconds, with the latest supporters</source>
        <translation>在直播画面上逐条显示礼物、会员、醒目留言和关注（每条几秒），并列出最近的支持者</translation>
    </message>
    <message>
        <source>Featured comment</source>
        <translation>置顶评论</translation>
    </message>
    <message>
        <source>On stream</source>
        <translation>直播画面</translation>
    </message>
    <message>
        <source>Product card</source>
        <translation>商品卡片</translation>
    </message>
    <message>
        <source>Coupon countdown</source>
        <translation>优惠券倒计时</translation>
    </message>
    <message>
        <source>On screen</source>
        <translation>显示中</translation>
    </message>
    <message>
        <source>No product card</source>
        <translation>无商品卡片</translation>
    </message>
    <message>
        <source>No coupon countdown</source>
        <translation>无优惠券倒计时</translation>
    </message>
    <message>
        <source> (paused)</source>
        <translation>（已暂停）</translation>
    </message>
    <message>
        <source>No featured comment</source>
        <translation>无置顶评论</translation>
    </message>
    <message>
        <source>No thanks alert</source>
        <translation>无感谢提醒</translation>
    </message>
</context>
<context>
    <name>OverlaySetupDialog</name>
    <message>
        <source>Set up overlays in OBS</source>
        <translation>在 OBS 中设置贴片</translation>
    </message>
    <message>
        <source>LiveDesk makes a “LiveDesk Overlays” scene with its sources and nests it into the scenes you tick. Running it again repairs what is missing; sources whose names do not start with “LiveDesk ” are never touched.</source>
        <translation>LiveDesk 会创建一个带有来源的“LiveDesk Overlays”场景，并嵌入你勾选的场景中。再次运行会修复缺失的部分；名称不以“LiveDesk ”开头的来源永远不会被改动。</translation>
    </message>
    <message>
        <source>Choose from OBS (browser source when it has one)</source>
        <translation>根据 OBS 自动选择（有浏览器来源时用浏览器来源）</translation>
    </message>
    <message>
        <source>Native: PNG cards and a text countdown</source>
        <translation>原生：PNG 卡片和文字倒计时</translation>
    </message>
    <message>
        <source>Browser source pages</source>
        <translation>浏览器来源页面</translation>
    </message>
    <message>
        <source>Set up</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show scenes</source>
        <translation>直播场景</translation>
    </message>
    <message>
        <source>OBS is not connected.</source>
        <translation>OBS 未连接。</translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation>正在设置…</translation>
    </message>
    <message>
        <source>The set-up did not finish; see the message bar.</source>
        <translation>设置未完成；请查看消息栏。</translation>
    </message>
    <message>
        <source>Done ({mode}): {created} created, {repaired} repaired, {unchanged} already right.</source>
        <translation>完成（{mode}）：新建 {created} 个，修复 {repaired} 个，{unchanged} 个原本就正确。</translation>
    </message>
    <message>
        <source>Cards on the main canvas ({size}), vertical: inside the safe area.</source>
        <translation>贴片位于主画布（{size}），竖屏：位于安全区内。</translation>
    </message>
    <message>
        <source>Cards on the main canvas ({size}).</source>
        <translation>贴片位于主画布（{size}）。</translation>
    </message>
    <message>
        <source>A second canvas was found ({name}); the cards are not placed on it: set the main canvas to 9:16 for a vertical show.</source>
        <translation>发现了第二个画布（{name}）；贴片不会放在上面：竖屏直播请把主画布设为 9:16。</translation>
    </message>
    <message>
        <source>No second (vertical) canvas in this OBS.</source>
        <translation>此 OBS 中没有第二个（竖屏）画布。</translation>
    </message>
</context>
<context>
    <name>PlatformNames</name>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <source>Taobao</source>
        <translation>淘宝</translation>
    </message>
    <message>
        <source>WeChat Channels</source>
        <translation>视频号</translation>
    </message>
    <message>
        <source>Xiaohongshu</source>
        <translation>小红书</translation>
    </message>
    <message>
        <source>Bilibili</source>
        <translation>B站</translation>
    </message>
    <message>
        <source>YouTube</source>
        <translation>YouTube</translation>
    </message>
    <message>
        <source>Twitch</source>
        <translation>Twitch</translation>
    </message>
</context>
<context>
    <name>PreflightDialog</name>
    <message>
        <source>Pre-flight check</source>
        <translation>开播前检查</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>All clear: no problems, no warnings</source>
        <translation>一切就绪：没有问题，也没有警告</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n 个问题</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
    <message>
        <source>{problems}, {warnings}</source>
        <translation>{problems}，{warnings}</translation>
    </message>
</context>
<context>
    <name>ProgramView</name>
    <message>
        <source>No signal</source>
        <translation>无信号</translation>
    </message>
</context>
<context>
    <name>PulsePanel</name>
    <message>
        <source>Viewers</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>Since the show started</source>
        <translation>开播以来</translation>
    </message>
    <message>
        <source>Comments per minute, last 15 minutes</source>
        <translation>最近 15 分钟每分钟评论数</translation>
    </message>
    <message>
        <source>Viewers, the highest count of each minute</source>
        <translation>观众人数，每分钟的最高值</translation>
    </message>
    <message>
        <source>Likes per minute, last 15 minutes</source>
        <translation>每分钟点赞，最近 15 分钟</translation>
    </message>
    <message>
        <source>Gifts per minute, last 15 minutes</source>
        <translation>每分钟礼物，最近 15 分钟</translation>
    </message>
    <message>
        <source>New follows per minute, last 15 minutes</source>
        <translation>每分钟新关注，最近 15 分钟</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>Chat sources; a gap is a dropped connection</source>
        <translation>评论来源；“中断”指连接断开的次数</translation>
    </message>
    <message>
        <source>Comments / min</source>
        <translation>评论 / 分钟</translation>
    </message>
    <message>
        <source>Questions / min</source>
        <translation>提问 / 分钟</translation>
    </message>
    <message>
        <source>Likes / min</source>
        <translation>点赞 / 分钟</translation>
    </message>
    <message>
        <source>Gifts / min</source>
        <translation>礼物 / 分钟</translation>
    </message>
    <message>
        <source>Follows / min</source>
        <translation>关注 / 分钟</translation>
    </message>
    <message>
        <source>Open questions</source>
        <translation>待处理提问</translation>
    </message>
    <message>
        <source>Purchase intent</source>
        <translation>购买意向</translation>
    </message>
    <message>
        <source>Viewers (peak {n})</source>
        <translation>观众（峰值 {n}）</translation>
    </message>
    <message>
        <source>In all: {likes} likes · {gifts} gifts worth {value} · {follows} follows</source>
        <translation>累计：点赞 {likes} · 礼物 {gifts} 个，价值 {value} · 关注 {follows}</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>QuestionTable</name>
    <message>
        <source>Question</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>认领人</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应用时</translation>
    </message>
    <message>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>claimed</source>
        <translation>已认领</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>已忽略</translation>
    </message>
    <message>
        <source>Buying</source>
        <translation>购买</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Which questions to list</source>
        <translation>列出哪些提问</translation>
    </message>
    <message>
        <source>Answer… ({key} sends)</source>
        <translation>回答…（{key} 发送）</translation>
    </message>
    <message>
        <source>Prefilled with the suggested answer; {key} answers, {back} back to the list</source>
        <translation>已预填建议回答；{key} 回答，{back} 返回列表</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>I’ll answer it</source>
        <translation>我来回答</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Mark answered with the text above</source>
        <translation>用上面的文字标记为已回答</translation>
    </message>
    <message>
        <source>Not a question; dismissed: Reopen. {undo} undoes the last dismiss</source>
        <translation>不是提问；已忽略的：恢复。{undo} 撤销上一次忽略</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>置顶展示</translation>
    </message>
    <message>
        <source>Show the question on stream</source>
        <translation>在直播画面上置顶展示这条提问</translation>
    </message>
    <message>
        <source>Copy answer</source>
        <translation>复制回答</translation>
    </message>
    <message>
        <source>Copy the answer to paste it in chat</source>
        <translation>复制回答，粘贴到评论区</translation>
    </message>
    <message>
        <source>Where the question was asked</source>
        <translation>提问来自哪个平台</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>A question seen elsewhere (Enter adds it)</source>
        <translation>在别处看到的提问（回车添加）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>File it in the queue</source>
        <translation>加入提问队列</translation>
    </message>
    <message>
        <source>↑/↓ select · C claim · A answer · D dismiss · F feature · Enter: answer</source>
        <translation>↑/↓ 选择 · C 认领 · A 回答 · D 忽略 · F 置顶展示 · 回车：写回答</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>已认领</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>已忽略</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Give back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Block viewer {user}</source>
        <translation>屏蔽观众 {user}</translation>
    </message>
</context>
<context>
    <name>ResumeDialog</name>
    <message>
        <source>Resume the interrupted show?</source>
        <translation>要恢复中断的直播吗？</translation>
    </message>
    <message>
        <source>LiveDesk closed unexpectedly during “%1” (started %2).</source>
        <translation>LiveDesk 在“%1”进行中意外关闭（开始于 %2）。</translation>
    </message>
    <message>
        <source>Resume show</source>
        <translation>恢复直播</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>Its log goes on; nothing else was kept of its state.</source>
        <translation>日志会接着记录；其余状态没有保存。</translation>
    </message>
    <message>
        <source>Run-sheet: segment %1 of %2 “%3”, %4 in</source>
        <translation>流程单：第 %1/%2 个环节“%3”，已进行 %4</translation>
    </message>
    <message>
        <source>Product card on screen: %1</source>
        <translation>画面上的商品卡片：%1</translation>
    </message>
    <message>
        <source>Coupon %1: %2 left</source>
        <translation>优惠券 %1：剩余 %2</translation>
    </message>
    <message>
        <source>Coupon %1 ran out meanwhile</source>
        <translation>优惠券 %1 在此期间已结束</translation>
    </message>
    <message>
        <source>A viewer&apos;s comment on screen</source>
        <translation>画面上有一条观众评论</translation>
    </message>
    <message>
        <source>Lottery “%1” open: %2 entrants</source>
        <translation>抽奖“%1”进行中：%2 人参与</translation>
    </message>
    <message>
        <source>Poll open: %1 votes</source>
        <translation>投票进行中：%1 票</translation>
    </message>
    <message>
        <source>Check-in open: %1 checked in</source>
        <translation>签到进行中：已签到 %1 人</translation>
    </message>
    <message>
        <source>Questions waiting: %1</source>
        <translation>待处理提问：%1</translation>
    </message>
    <message>
        <source>Away for %1</source>
        <translation>已离开 %1</translation>
    </message>
</context>
<context>
    <name>ReviewInteraction</name>
    <message>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>{segment} (opened in {opened})</source>
        <translation>{segment}（开始于 {opened}）</translation>
    </message>
    <message>
        <source>Lottery “{keyword}”</source>
        <translation>抽奖“{keyword}”</translation>
    </message>
    <message>
        <source>entrants: {n} · seed {seed} · winners: {winners}</source>
        <translation>{n} 人参与 · 种子 {seed} · 中奖：{winners}</translation>
    </message>
    <message>
        <source>drawn {time}</source>
        <translation>开奖 {time}</translation>
    </message>
    <message>
        <source>voters: {n}</source>
        <translation>{n} 人投票</translation>
    </message>
    <message>
        <source>Quiz: {question}</source>
        <translation>答题：{question}</translation>
    </message>
    <message>
        <source>Poll: {question}</source>
        <translation>投票：{question}</translation>
    </message>
    <message>
        <source>closed {time}</source>
        <translation>结束 {time}</translation>
    </message>
    <message>
        <source>Check-in “{keyword}”</source>
        <translation>签到“{keyword}”</translation>
    </message>
    <message>
        <source>{n} checked in</source>
        <translation>已签到 {n} 人</translation>
    </message>
    <message>
        <source>Urgent message to the host</source>
        <translation>给主播的紧急提示</translation>
    </message>
    <message>
        <source>Message to the host</source>
        <translation>给主播的提示</translation>
    </message>
</context>
<context>
    <name>ReviewTables</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Over/under</source>
        <translation>超时/提前</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Purchase intent</source>
        <translation>购买意向</translation>
    </message>
    <message>
        <source>Talking points</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Viewers (peak)</source>
        <translation>最高观看</translation>
    </message>
    <message>
        <source>Viewers (average)</source>
        <translation>平均观看</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Gift value</source>
        <translation>礼物价值</translation>
    </message>
    <message>
        <source>Follows</source>
        <translation>关注</translation>
    </message>
    <message>
        <source>Buying questions</source>
        <translation>购买提问</translation>
    </message>
    <message>
        <source>Top questions</source>
        <translation>热门提问</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Likes per minute</source>
        <translation>每分钟点赞</translation>
    </message>
    <message>
        <source>Comments per minute</source>
        <translation>每分钟评论</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>货号</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>On screen</source>
        <translation>展示时长</translation>
    </message>
    <message>
        <source>Times shown</source>
        <translation>展示次数</translation>
    </message>
    <message>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>提问人数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>录制</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>未播</translation>
    </message>
    <message>
        <source>Ran over the plan</source>
        <translation>超出计划时长</translation>
    </message>
    <message>
        <source>Shorter than planned</source>
        <translation>短于计划时长</translation>
    </message>
    <message>
        <source>Planned, never ran</source>
        <translation>已计划，未播出</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Review</source>
        <translation>复盘</translation>
    </message>
    <message>
        <source>Import orders…</source>
        <translation>导入订单…</translation>
    </message>
    <message>
        <source>Put the platform&apos;s order export beside the segments</source>
        <translation>把平台导出的订单与各环节对照</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Report, event log, chapters, editor markers</source>
        <translation>报告、事件日志、章节、剪辑标记</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Read the show&apos;s log again</source>
        <translation>重新读取本场日志</translation>
    </message>
    <message>
        <source>Clips…</source>
        <translation>切片…</translation>
    </message>
    <message>
        <source>Cut the recording into short clips, one per product shown</source>
        <translation>把录像剪成短视频切片，每个展示的商品一段</translation>
    </message>
    <message>
        <source>What held the room</source>
        <translation>留住观众的环节</translation>
    </message>
    <message>
        <source>The segments that ran, by average viewers, then likes per minute</source>
        <translation>已播环节，按平均观看人数排序，其次按每分钟点赞</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>未回答</translation>
    </message>
    <message>
        <source>Markers</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Coupon windows</source>
        <translation>优惠券时段</translation>
    </message>
    <message>
        <source>Saved from OBS&apos;s replay buffer during the show; double-click one to play it</source>
        <translation>直播中从 OBS 回放缓存保存的文件；双击播放</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Markers &amp;&amp; coupons</source>
        <translation>标记与优惠券</translation>
    </message>
    <message>
        <source>互动 Interaction</source>
        <translation>互动</translation>
    </message>
    <message>
        <source>Replays</source>
        <translation>回放片段</translation>
    </message>
    <message>
        <source>Clips</source>
        <translation>切片</translation>
    </message>
    <message>
        <source>Loading the review…</source>
        <translation>正在加载复盘…</translation>
    </message>
    <message>
        <source>Drawing the charts…</source>
        <translation>正在绘制图表…</translation>
    </message>
    <message>
        <source>This show was deleted from the archive.</source>
        <translation>这场直播已从存档中删除。</translation>
    </message>
    <message>
        <source>What is shown is what was loaded before; it can no longer be exported, imported into or cut into clips.</source>
        <translation>这里显示的是删除前载入的内容；已无法再导出、导入订单或剪辑片段。</translation>
    </message>
    <message>
        <source>Review — {title} (deleted)</source>
        <translation>复盘 — {title}（已删除）</translation>
    </message>
    <message>
        <source>Review — {title}</source>
        <translation>复盘 — {title}</translation>
    </message>
    <message>
        <source>not ended</source>
        <translation>未结束</translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n 条评论</numerusform>
        </translation>
    </message>
    <message>
        <source>Outside the show</source>
        <translation>直播时段外</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s), not counted</source>
        <translation>
            <numerusform>%n 单，未计入</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) in {folder}. Double-click one to play it.</source>
        <translation>
            <numerusform>已生成 %n 段切片，保存在 {folder}。双击即可播放。</numerusform>
        </translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>{n} ({share})</source>
        <translation>{n}（{share}）</translation>
    </message>
    <message>
        <source>Median time to answer</source>
        <translation>回答用时中位数</translation>
    </message>
    <message>
        <source>Talking points covered</source>
        <translation>已讲要点</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n 个订单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 件商品</numerusform>
        </translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>The platform&apos;s order export</source>
        <translation>平台导出的订单</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation>CSV 文件 (*.csv *.txt)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>Exporting {fmt}…</source>
        <translation>正在导出 {fmt}…</translation>
    </message>
    <message>
        <source>{title} clips</source>
        <translation>{title} 切片</translation>
    </message>
    <message>
        <source>Cutting clip {n} of {total}: {title}</source>
        <translation>正在剪切第 {n}/{total} 段：{title}</translation>
    </message>
    <message>
        <source>Cutting clips…</source>
        <translation>正在剪切片…</translation>
    </message>
</context>
<context>
    <name>RunSheetEditor</name>
    <message>
        <source>When the show starts: planned start times follow</source>
        <translation>开播时间：各环节的计划开始时间据此推算</translation>
    </message>
    <message>
        <source>Use for the show</source>
        <translation>用于本场直播</translation>
    </message>
    <message>
        <source>New segment</source>
        <translation>新环节</translation>
    </message>
    <message>
        <source>This run-sheet cannot be used for the show: {where}: {message}. Correct it in the file and open the file again.</source>
        <translation>此流程单不能用于本场直播：{where}：{message}。请在文件中改正后重新打开。</translation>
    </message>
    <message numerus="yes">
        <source>Fix the %n error(s) before using this run-sheet for the show (row {where}: {message}).</source>
        <translation>
            <numerusform>请先修正 %n 处错误，再将此流程单用于本场直播（第 {where} 行：{message}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The run-sheet has no segments yet.</source>
        <translation>流程单还没有环节。</translation>
    </message>
    <message>
        <source>A segment is live: finish the run-sheet or end the show first.</source>
        <translation>有环节正在进行：请先走完流程单或结束本场。</translation>
    </message>
    <message>
        <source>Sent to the show.</source>
        <translation>已发送到本场直播。</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Row {row}</source>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <source>{errors}, {warnings}</source>
        <comment>the status bar&apos;s problem counts</comment>
        <translation>{errors}，{warnings}</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 处错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 条警告</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n 个环节</numerusform>
        </translation>
    </message>
    <message>
        <source>total {total} · {start}–{end}</source>
        <translation>共 {total} · {start}–{end}</translation>
    </message>
    <message>
        <source>Run-sheet editor</source>
        <translation>流程单编辑器</translation>
    </message>
</context>
<context>
    <name>RunSheetModel</name>
    <message>
        <source>Start</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>要点</translation>
    </message>
    <message>
        <source>Interaction</source>
        <translation>互动</translation>
    </message>
    <message>
        <source>row {row}</source>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <source>Add segment</source>
        <translation>添加环节</translation>
    </message>
    <message>
        <source>Duplicate segment(s)</source>
        <translation>复制环节</translation>
    </message>
    <message>
        <source>Delete segment(s)</source>
        <translation>删除环节</translation>
    </message>
    <message>
        <source>Move segments</source>
        <translation>移动环节</translation>
    </message>
    <message>
        <source>Edit {field}</source>
        <translation>编辑{field}</translation>
    </message>
    <message>
        <source>Move segment(s)</source>
        <translation>移动环节</translation>
    </message>
</context>
<context>
    <name>ScenesPanel</name>
    <message>
        <source>Scenes</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Studio mode</source>
        <translation>工作室模式</translation>
    </message>
    <message>
        <source>Studio mode: scenes go to the preview first, Transition puts them on air</source>
        <translation>工作室模式：场景先进入预览，点“转场”才上直播</translation>
    </message>
    <message>
        <source>Transition</source>
        <translation>转场</translation>
    </message>
    <message>
        <source>Put the preview on program</source>
        <translation>把预览切到节目画面</translation>
    </message>
    <message>
        <source>Switch to “{scene}”</source>
        <translation>切换到“{scene}”</translation>
    </message>
    <message>
        <source>Switch to “{scene}” ({key})</source>
        <translation>切换到“{scene}”（{key}）</translation>
    </message>
    <message>
        <source>PGM</source>
        <translation>节目</translation>
    </message>
    <message>
        <source>PVW</source>
        <translation>预览</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Forget</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Remove it from the system keyring when you save</source>
        <translation>保存时将其从系统密钥环中移除</translation>
    </message>
    <message>
        <source>Stop using it when you save</source>
        <translation>保存时停止使用</translation>
    </message>
    <message>
        <source>Not kept: no system keyring</source>
        <translation>未保存：没有系统密钥环</translation>
    </message>
    <message>
        <source>No system keyring was found on this computer, so LiveDesk cannot keep the {what}. Set the environment variable {env} to it before starting LiveDesk.</source>
        <translation>此电脑上没有找到系统密钥环，LiveDesk 无法保存 {what}。请在启动 LiveDesk 前把环境变量 {env} 设为它。</translation>
    </message>
    <message>
        <source>Will be saved in the system keyring when you save.</source>
        <translation>保存时将存入系统密钥环。</translation>
    </message>
    <message>
        <source>Will be removed from the system keyring when you save.</source>
        <translation>保存时将从系统密钥环中移除。</translation>
    </message>
    <message>
        <source>•••••••• (unchanged)</source>
        <translation>••••••••（未更改）</translation>
    </message>
    <message>
        <source>Saved in the system keyring.</source>
        <translation>已保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Not set. Type it here; it is saved in the system keyring.</source>
        <translation>未设置。在此输入，它会保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>{env} is set and is used instead.</source>
        <translation>已设置 {env}，将优先使用它。</translation>
    </message>
    <message>
        <source>•••••••• (in use until LiveDesk exits)</source>
        <translation>••••••••（使用到 LiveDesk 退出为止）</translation>
    </message>
    <message>
        <source>LiveDesk stops using the {what} when you save.</source>
        <translation>保存后，LiveDesk 将不再使用这个{what}。</translation>
    </message>
    <message>
        <source>No system keyring: LiveDesk uses the {what} you type when you save, until it exits; it is not kept after that.</source>
        <translation>没有系统密钥环：保存后 LiveDesk 会使用你输入的 {what}，直到退出；退出后不会保留。</translation>
    </message>
    <message>
        <source>In use until LiveDesk exits; it is not kept after that (no system keyring).</source>
        <translation>使用到 LiveDesk 退出为止，之后不会保留（没有系统密钥环）。</translation>
    </message>
    <message>
        <source>No system keyring: the {what} typed here is used until LiveDesk exits, and not kept after that.</source>
        <translation>没有系统密钥环：在此输入的 {what} 会使用到 LiveDesk 退出为止，之后不会保留。</translation>
    </message>
    <message>
        <source>To keep it, set up a system keyring (e.g. GNOME Keyring or KWallet), or set the environment variable {env} to it before starting LiveDesk.</source>
        <translation>若要长期保留，请配置系统密钥环（如 GNOME Keyring 或 KWallet），或在启动 LiveDesk 前把环境变量 {env} 设为它。</translation>
    </message>
    <message>
        <source>{first} {second}</source>
        <comment>two sentences, one after the other</comment>
        <translation>{first}{second}</translation>
    </message>
</context>
<context>
    <name>SellingPointsDelegate</name>
    <message>
        <source>One selling point per line</source>
        <translation>每行一个卖点</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <source>The overlays, the assistants&apos; panel and Stream Deck reach LiveDesk here</source>
        <translation>贴片、助理面板和 Stream Deck 通过这里访问 LiveDesk</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the token to the clipboard</source>
        <translation>把令牌复制到剪贴板</translation>
    </message>
    <message>
        <source>Regenerate token…</source>
        <translation>重新生成令牌…</translation>
    </message>
    <message>
        <source>A new token: the old one stops working when LiveDesk restarts</source>
        <translation>生成新令牌：LiveDesk 重启后旧令牌失效</translation>
    </message>
    <message>
        <source>Let phones and computers on my network connect (LAN)</source>
        <translation>允许同一网络中的手机和电脑连接（局域网）</translation>
    </message>
    <message>
        <source>Anyone on the same network who has the token can control the show. Turn this on only on a network you trust (not public Wi-Fi); the firewall may ask to allow LiveDesk.</source>
        <translation>同一网络中持有令牌的任何人都能控制直播。只在你信任的网络中开启（不要在公共 Wi-Fi 中开启）；防火墙可能会询问是否允许 LiveDesk。</translation>
    </message>
    <message>
        <source>LAN traffic is not encrypted (plain HTTP): others on the same network can read what passes, the token included.</source>
        <translation>局域网内的通信没有加密（普通 HTTP）：同一网络中的其他人可以看到传输的内容，包括令牌。</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API 令牌</translation>
    </message>
    <message>
        <source>New assistants&apos; link</source>
        <translation>新的助理链接</translation>
    </message>
    <message>
        <source>A new assistants&apos; token now, without a restart: panels opened with the old link are disconnected</source>
        <translation>立即生成新的助理令牌，无需重启：用旧链接打开的面板会被断开</translation>
    </message>
    <message>
        <source>Assistants</source>
        <translation>助理</translation>
    </message>
    <message>
        <source>Assistants may run polls, lotteries and check-ins</source>
        <translation>助理可发起投票、抽奖和签到</translation>
    </message>
    <message>
        <source>From the Interaction tab of the assistants&apos; panel; applies at once when you save</source>
        <translation>在助理面板的“互动”标签页中操作；保存后立即生效</translation>
    </message>
    <message>
        <source>Assistants may mark thanks, block viewers and message the host</source>
        <translation>允许助理标记已感谢、拉黑观众和给主播留言</translation>
    </message>
    <message>
        <source>From the assistants&apos; panel; applies at once when you save</source>
        <translation>在助理面板上操作；保存后立即生效</translation>
    </message>
    <message>
        <source>Local server</source>
        <translation>本地服务器</translation>
    </message>
    <message>
        <source>On the LAN this computer is at {address}</source>
        <translation>这台电脑在局域网中的地址：{address}</translation>
    </message>
    <message>
        <source>No network address was found for this computer: phones cannot reach it. Check that it is connected to the network.</source>
        <translation>没有找到这台电脑的网络地址：手机无法连接。请检查电脑是否已连接网络。</translation>
    </message>
    <message>
        <source>Regenerate the API token?</source>
        <translation>要重新生成 API 令牌吗？</translation>
    </message>
    <message>
        <source>Make a new API token?</source>
        <translation>要生成新的 API 令牌吗？</translation>
    </message>
    <message>
        <source>After saving and restarting LiveDesk the old token stops working: Stream Deck or Companion buttons, scripts and assistants&apos; links must use the new one, and “Set up overlays in OBS…” updates the overlay sources.</source>
        <translation>保存并重启 LiveDesk 后旧令牌失效：Stream Deck 或 Companion 按钮、脚本和助理链接都必须改用新令牌；“在 OBS 中设置贴片…”会更新贴片来源。</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>{env} sets the token; change it there.</source>
        <translation>令牌由 {env} 设置；请在那里修改。</translation>
    </message>
    <message>
        <source>No system keyring was found, so this token lasts until LiveDesk quits. Set the environment variable {env} to keep one.</source>
        <translation>没有找到系统密钥环，此令牌只在 LiveDesk 退出前有效。设置环境变量 {env} 可以长期保留一个令牌。</translation>
    </message>
    <message>
        <source>New token: saved in the system keyring when you save; it takes effect when LiveDesk restarts (until then the old one keeps working).</source>
        <translation>新令牌：保存时存入系统密钥环；LiveDesk 重启后生效（在此之前旧令牌仍然有效）。</translation>
    </message>
    <message>
        <source>A new token is saved; it takes effect when LiveDesk restarts (until then the old one keeps working).</source>
        <translation>新令牌已保存；LiveDesk 重启后生效（在此之前旧令牌仍然有效）。</translation>
    </message>
    <message>
        <source>Saved in the system keyring.</source>
        <translation>已保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Local server: port {port} is out of range (1–65535); choose one from {low} to 65535 (4466 by default)</source>
        <translation>本地服务器：端口 {port} 超出范围（1–65535）；请选择 {low} 到 65535 之间的端口（默认 4466）</translation>
    </message>
    <message>
        <source>Local server: port {port} is reserved for the system; choose one from {low} to 65535 (4466 by default)</source>
        <translation>本地服务器：端口 {port} 为系统保留；请选择 {low} 到 65535 之间的端口（默认 4466）</translation>
    </message>
    <message>
        <source>Local server: port {port} is OBS&apos;s WebSocket port; choose another (4466 by default)</source>
        <translation>本地服务器：端口 {port} 是 OBS 的 WebSocket 端口；请换一个（默认 4466）</translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Start show</source>
        <translation>开始本场</translation>
    </message>
    <message>
        <source>End show</source>
        <translation>结束本场</translation>
    </message>
    <message>
        <source>Resume show</source>
        <translation>恢复直播</translation>
    </message>
    <message>
        <source>Take up the show LiveDesk was running when it closed unexpectedly</source>
        <translation>接着进行 LiveDesk 意外关闭时正在进行的直播</translation>
    </message>
    <message>
        <source>No show running</source>
        <translation>没有进行中的直播</translation>
    </message>
    <message>
        <source>Interrupted: %1</source>
        <translation>已中断：%1</translation>
    </message>
    <message>
        <source>Title of the show:</source>
        <translation>本场标题：</translation>
    </message>
    <message>
        <source>直播 {day}</source>
        <translation>直播 {day}</translation>
    </message>
    <message>
        <source>End the show? Its log is closed; OBS keeps streaming and recording.</source>
        <translation>要结束本场吗？本场日志将关闭；OBS 会继续推流和录制。</translation>
    </message>
</context>
<context>
    <name>SessionsDialog</name>
    <message>
        <source>Sessions</source>
        <translation>历史场次</translation>
    </message>
    <message>
        <source>Search titles…</source>
        <translation>搜索标题…</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Open review</source>
        <translation>打开复盘</translation>
    </message>
    <message>
        <source>Open the review of the selected show (Enter)</source>
        <translation>打开选中场次的复盘（Enter）</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename the selected show (Ctrl+R)</source>
        <translation>重命名选中的场次（Ctrl+R）</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the selected show and everything logged with it (Del)</source>
        <translation>删除选中的场次及其全部记录（Del）</translation>
    </message>
    <message>
        <source>Reading the sessions…</source>
        <translation>正在读取历史场次…</translation>
    </message>
    <message>
        <source>{title} (on air)</source>
        <translation>{title}（直播中）</translation>
    </message>
    <message>
        <source>not ended</source>
        <translation>未结束</translation>
    </message>
    <message>
        <source>No show title holds “{text}”.</source>
        <translation>没有标题包含“{text}”的场次。</translation>
    </message>
    <message>
        <source>No show has been logged yet.</source>
        <translation>还没有任何直播记录。</translation>
    </message>
    <message>
        <source>Rename show</source>
        <translation>重命名场次</translation>
    </message>
    <message>
        <source>New title:</source>
        <translation>新标题：</translation>
    </message>
    <message>
        <source>Renaming…</source>
        <translation>正在重命名…</translation>
    </message>
    <message>
        <source>This show was already deleted.</source>
        <translation>这场直播已被删除。</translation>
    </message>
    <message>
        <source>This show is on air; end it before deleting it.</source>
        <translation>这场直播正在进行；请先结束再删除。</translation>
    </message>
    <message>
        <source>Delete show</source>
        <translation>删除场次</translation>
    </message>
    <message>
        <source>Delete “{title}” of {date}?</source>
        <translation>要删除 {date} 的“{title}”吗？</translation>
    </message>
    <message numerus="yes">
        <source>Its log, %n comment(s), the questions and the imported orders are deleted for good. Recordings in OBS are not touched.</source>
        <translation>
            <numerusform>它的日志、%n 条评论、提问以及导入的订单将被永久删除。OBS 中的录像不受影响。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>正在删除…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Saving writes the settings as this dialog shows them.</source>
        <translation>保存时，将按本窗口显示的内容写入设置。</translation>
    </message>
    <message>
        <source>The settings could not be saved: {error}</source>
        <translation>设置无法保存：{error}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Restart LiveDesk for these to take effect: {what}.</source>
        <translation>以下设置需重启 LiveDesk 后生效：{what}。</translation>
    </message>
    <message>
        <source>The system keyring did not take the change; set {env} instead.</source>
        <translation>系统密钥环未能接受此更改；请改为设置 {env}。</translation>
    </message>
    <message>
        <source>the local server&apos;s port</source>
        <translation>本地服务器端口</translation>
    </message>
    <message>
        <source>LAN access</source>
        <translation>局域网访问</translation>
    </message>
    <message>
        <source>the language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>the chat sources</source>
        <translation>评论来源</translation>
    </message>
    <message>
        <source>the comment classifier&apos;s lists</source>
        <translation>评论分类词表</translation>
    </message>
    <message>
        <source>the new API token</source>
        <translation>新的 API 令牌</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to the settings before closing?</source>
        <translation>关闭前保存对设置的更改吗？</translation>
    </message>
    <message>
        <source>If you don&apos;t save, your changes are lost.</source>
        <translation>如果不保存，所做的更改将会丢失。</translation>
    </message>
</context>
<context>
    <name>SheetDocument</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message numerus="yes">
        <source>{name} was not saved: fix the %n error(s) first (row {where}: {message}); values that cannot be read would be lost.</source>
        <translation>
            <numerusform>{name} 未保存：请先修正 %n 处错误（第 {where} 行：{message}）；无法识别的内容会丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not save {name}: {error}</source>
        <translation>无法保存 {name}：{error}</translation>
    </message>
    <message>
        <source>{name} was not saved: {where}: {message}. Correct it in the file and open the file again; values that cannot be read would be lost.</source>
        <translation>{name} 未保存：{where}：{message}。请在文件中改正后重新打开；无法识别的内容会丢失。</translation>
    </message>
    <message>
        <source>There is no templates folder.</source>
        <translation>没有模板文件夹。</translation>
    </message>
    <message>
        <source>Could not open {name}: {error}</source>
        <translation>无法打开 {name}：{error}</translation>
    </message>
    <message>
        <source>The file has {count} problem(s), the first at {where}: {message}. Check the marked cells.</source>
        <translation>文件有 {count} 处问题，第一处在 {where}：{message}。请检查标出的单元格。</translation>
    </message>
    <message>
        <source>Saving over {name} loses what LiveDesk does not keep:</source>
        <translation>覆盖保存 {name} 会丢失 LiveDesk 不保留的内容：</translation>
    </message>
    <message>
        <source>{name} cannot hold all of this run-sheet:</source>
        <translation>{name} 无法容纳此流程单的全部内容：</translation>
    </message>
    <message>
        <source>Not everything would be saved</source>
        <translation>有些内容不会被保存</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>仍然覆盖</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Save run-sheet as</source>
        <translation>流程单另存为</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>Save the changes to {name}?</source>
        <translation>要保存对 {name} 的修改吗？</translation>
    </message>
    <message>
        <source>Your changes are lost if you don&apos;t save them.</source>
        <translation>不保存的话，修改将会丢失。</translation>
    </message>
    <message>
        <source>Run-sheets (*.xlsx *.csv *.json)</source>
        <translation>流程单 (*.xlsx *.csv *.json)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Open run-sheet</source>
        <translation>打开流程单</translation>
    </message>
</context>
<context>
    <name>StartProblems</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>StoreBar</name>
    <message>
        <source>The disk is full: the show log is not being written ({path}).</source>
        <translation>磁盘已满：直播日志未能写入（{path}）。</translation>
    </message>
    <message>
        <source>The show log has become read-only and is not being written ({path}).</source>
        <translation>直播日志已变为只读，未能写入（{path}）。</translation>
    </message>
    <message>
        <source>Another program is holding the show log locked ({path}).</source>
        <translation>另一个程序锁定了直播日志（{path}）。</translation>
    </message>
    <message>
        <source>The disk holding the show log reported an error ({path}).</source>
        <translation>存放直播日志的磁盘报告了错误（{path}）。</translation>
    </message>
    <message>
        <source>The show log is damaged ({path}).</source>
        <translation>直播日志已损坏（{path}）。</translation>
    </message>
    <message>
        <source>The show log cannot be written ({path}).</source>
        <translation>无法写入直播日志（{path}）。</translation>
    </message>
    <message>
        <source>The show log is falling behind the comments.</source>
        <translation>直播日志跟不上评论的速度了。</translation>
    </message>
    <message>
        <source>Nothing is lost: comment senders are asked to wait a moment (429) until the log has caught up.</source>
        <translation>不会丢失任何内容：评论来源会被要求稍等片刻（429），直到日志追上。</translation>
    </message>
    <message>
        <source>The show log has caught up.</source>
        <translation>直播日志已追上。</translation>
    </message>
    <message>
        <source>Comments are taken in again as they come.</source>
        <translation>评论已恢复实时接收。</translation>
    </message>
    <message>
        <source>The show log is written again.</source>
        <translation>直播日志已恢复写入。</translation>
    </message>
    <message numerus="yes">
        <source>%n entries could not be kept in memory and are missing.</source>
        <translation>
            <numerusform>%n 条记录无法暂存在内存中，已丢失。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The show log could not store %n entries; everything else is written.</source>
        <translation>
            <numerusform>直播日志有 %n 条记录无法保存；其余记录均已写入。</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything kept meanwhile has been written.</source>
        <translation>期间暂存的记录已全部写入。</translation>
    </message>
    <message numerus="yes">
        <source>The show goes on. %n entries are kept in memory and written as soon as the log can be written again.</source>
        <translation>
            <numerusform>直播不受影响。%n 条记录暂存在内存中，日志可写后会立即写入。</numerusform>
        </translation>
    </message>
    <message>
        <source>The database refused them, so they are left out of the log. The latest reason: {reason}</source>
        <translation>数据库拒绝了这些记录，因此未写入日志。最近一次的原因：{reason}</translation>
    </message>
    <message>
        <source>The database refused them, so they are left out of the log.</source>
        <translation>数据库拒绝了这些记录，因此未写入日志。</translation>
    </message>
</context>
<context>
    <name>TalkingPoints</name>
    <message>
        <source>{n} done</source>
        <translation>已讲完 {n} 条</translation>
    </message>
    <message>
        <source>+{n} more</source>
        <translation>还有 {n} 条</translation>
    </message>
</context>
<context>
    <name>ThanksPanel</name>
    <message>
        <source>Viewer</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>For</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Gifts, memberships, super chats and follows to thank on air</source>
        <translation>待在直播中感谢的礼物、会员、醒目留言和关注</translation>
    </message>
    <message>
        <source>Nothing to thank yet.</source>
        <translation>暂时没有需要感谢的观众。</translation>
    </message>
    <message>
        <source>Thanked</source>
        <translation>已感谢</translation>
    </message>
    <message>
        <source>Thanked on air: clears the selected viewer; the key clears the top one</source>
        <translation>已在直播中感谢：清除所选观众；快捷键清除最上面一位</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Clear without thanking</source>
        <translation>不感谢，直接清除</translation>
    </message>
    <message numerus="yes">
        <source>%n gift(s)</source>
        <translation>
            <numerusform>%n 个礼物</numerusform>
        </translation>
    </message>
    <message>
        <source>membership ×{n}</source>
        <translation>会员 ×{n}</translation>
    </message>
    <message>
        <source>followed</source>
        <translation>关注了</translation>
    </message>
    <message>
        <source>super chat</source>
        <translation>醒目留言</translation>
    </message>
</context>
<context>
    <name>Timing</name>
    <message>
        <source>+{time} over</source>
        <translation>超时 +{time}</translation>
    </message>
    <message>
        <source>−{time} under</source>
        <translation>提前 −{time}</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>准时</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
</context>
<context>
    <name>_ConnectPage</name>
    <message>
        <source>Connect to OBS</source>
        <translation>连接 OBS</translation>
    </message>
    <message>
        <source>LiveDesk looks for OBS on this computer first (port 4455).</source>
        <translation>LiveDesk 会先在本机查找 OBS（端口 4455）。</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket address: ws://127.0.0.1:4455 when OBS runs on this computer</source>
        <translation>OBS 的 WebSocket 地址：OBS 在本机运行时为 ws://127.0.0.1:4455</translation>
    </message>
    <message>
        <source>empty when OBS asks for none</source>
        <translation>OBS 不需要密码时留空</translation>
    </message>
    <message>
        <source>Tools → WebSocket Server Settings → Show Connect Info → Server Password. LiveDesk keeps it in the system&apos;s keyring, never in a file.</source>
        <translation>工具 → WebSocket 服务器设置 → 显示连接信息 → 服务器密码。LiveDesk 把它保存在系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Connect to OBS once with this address and password</source>
        <translation>用这个地址和密码连接一次 OBS</translation>
    </message>
    <message>
        <source>&lt;b&gt;Turning on OBS&apos;s WebSocket server&lt;/b&gt; (OBS 28 or later):&lt;ol&gt;&lt;li&gt;In OBS open &lt;b&gt;Tools → WebSocket Server Settings&lt;/b&gt; (工具 → WebSocket 服务器设置).&lt;/li&gt;&lt;li&gt;Tick &lt;b&gt;Enable WebSocket server&lt;/b&gt; (开启 WebSocket 服务器); the server port should be &lt;b&gt;4455&lt;/b&gt;. Press OK.&lt;/li&gt;&lt;li&gt;Press &lt;b&gt;Show Connect Info&lt;/b&gt; (显示连接信息) and copy the &lt;b&gt;Server Password&lt;/b&gt; into the field above.&lt;/li&gt;&lt;/ol&gt;Port &lt;b&gt;4444&lt;/b&gt; is the old obs-websocket 4 plugin, which LiveDesk cannot use: update OBS to version 28 or later, which has the new server built in on port 4455.</source>
        <translation>&lt;b&gt;开启 OBS 的 WebSocket 服务器&lt;/b&gt;（OBS 28 或更高版本）：&lt;ol&gt;&lt;li&gt;在 OBS 中打开&lt;b&gt;工具 → WebSocket 服务器设置&lt;/b&gt;。&lt;/li&gt;&lt;li&gt;勾选&lt;b&gt;开启 WebSocket 服务器&lt;/b&gt;；服务器端口应为 &lt;b&gt;4455&lt;/b&gt;。点“确定”。&lt;/li&gt;&lt;li&gt;点&lt;b&gt;显示连接信息&lt;/b&gt;，把&lt;b&gt;服务器密码&lt;/b&gt;复制到上面的输入框中。&lt;/li&gt;&lt;/ol&gt;端口 &lt;b&gt;4444&lt;/b&gt; 属于旧的 obs-websocket 4 插件，LiveDesk 无法使用：请把 OBS 更新到 28 或更高版本，新版本内置了监听 4455 端口的服务器。</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
</context>
<context>
    <name>_WelcomePage</name>
    <message>
        <source>Welcome to LiveDesk</source>
        <translation>欢迎使用 LiveDesk</translation>
    </message>
    <message>
        <source>The console of your live show, beside OBS Studio.</source>
        <translation>你的直播中控台，与 OBS Studio 配合使用。</translation>
    </message>
    <message>
        <source>LiveDesk switches OBS&apos;s scenes, puts product cards, coupons and viewers&apos; questions on stream, and keeps a log of the whole show for the review.

It talks to OBS Studio (version 28 or later) through OBS&apos;s WebSocket server. The next page finds your OBS and shows how to turn that server on; it takes a minute.

No OBS at hand? Press “Try the demo”: LiveDesk opens with a simulated OBS, a sample show and replayed comments. Nothing goes on air, and the demo&apos;s shows are kept apart from your real ones.</source>
        <translation>LiveDesk 可以切换 OBS 的场景，把商品卡片、优惠券和观众提问放上直播画面，并记录整场直播以便复盘。

它通过 OBS 的 WebSocket 服务器与 OBS Studio（28 或更高版本）通信。下一页会查找你的 OBS，并说明如何开启该服务器，只需一分钟。

手边没有 OBS？点“试用演示”：LiveDesk 会用模拟的 OBS、示例直播和回放评论打开。不会真正开播，演示产生的直播记录也与真实记录分开保存。</translation>
    </message>
</context>
</TS>
